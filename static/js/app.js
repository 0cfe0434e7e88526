// Progressive enhancement only: every page works without this file.
// htmx 4 swaps 4xx responses (422 re-renders a form with its errors); 5xx are not swapped
// (htmx-config noSwap), so tell the user instead of failing silently.
document.addEventListener('htmx:error', function () {
  var box = document.getElementById('htmx-error');
  if (!box) {
    box = document.createElement('div');
    box.id = 'htmx-error';
    box.className = 'flash flash--error';
    box.setAttribute('role', 'alert');
    var main = document.getElementById('main') || document.body;
    main.insertBefore(box, main.firstChild);
  }
  box.textContent = document.documentElement.lang === 'tr'
    ? 'İstek tamamlanamadı. Lütfen tekrar deneyin.'
    : 'The request could not be completed. Please try again.';
});

// Seller sign-up: leaving the company field asks for an address suggestion and swaps the address
// field. If the user typed an address while that request was on its way, the late answer would
// overwrite it: keep what was typed and drop the suggestion.
document.addEventListener('htmx:before:request', function (e) {
  var slug = document.getElementById('f-slug');
  if (slug && e.target && e.target.id === 'f-company') slug.setAttribute('data-sent', slug.value);
});
document.addEventListener('htmx:before:swap', function (e) {
  var slug = document.getElementById('f-slug');
  if (slug && e.target && e.target.id === 'f-company' && slug.value !== slug.getAttribute('data-sent')) e.preventDefault();
});

// A second click on a plain POST form while the first submit is on its way would send it twice
// (the server copes — idempotent submits, conditional updates — but the user should not wait twice).
// htmx forms handle their own requests and are left alone. Back/forward cache: allow again.
document.addEventListener('submit', function (e) {
  var form = e.target;
  if (!(form instanceof HTMLFormElement) || (form.getAttribute('method') || '').toLowerCase() !== 'post') return;
  if (form.hasAttribute('hx-post') || form.hasAttribute('hx-put') || form.hasAttribute('hx-delete')) return;
  if (form.getAttribute('data-submitting')) {
    e.preventDefault();
    return;
  }
  form.setAttribute('data-submitting', '1');
});
window.addEventListener('pageshow', function () {
  document.querySelectorAll('form[data-submitting]').forEach(function (f) {
    f.removeAttribute('data-submitting');
  });
});

// Pricing (PRC-1): "select all" on a price list's entries page ticks every row checkbox of the
// bulk form (data-select-all names the row checkboxes' class).
document.addEventListener('change', function (e) {
  var all = e.target;
  if (!(all instanceof HTMLInputElement) || !all.hasAttribute('data-select-all')) return;
  document.querySelectorAll('input.' + all.getAttribute('data-select-all')).forEach(function (box) {
    box.checked = all.checked;
  });
});
