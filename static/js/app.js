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
