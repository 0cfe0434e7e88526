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

// ORD-2 quick order: the SKU/qty grid moves like a spreadsheet. Enter in a SKU cell goes to its
// quantity, Enter in a quantity goes to the next row's SKU (the form is sent with the button);
// a paste of several lines into a SKU cell fills the rows below (SKU, tab/;/space, qty).
document.addEventListener('keydown', function (e) {
  var t = e.target;
  if (e.key !== 'Enter' || !t || !t.classList || !t.classList.contains('qo-input')) return;
  var row = t.closest('tr');
  if (!row) return;
  e.preventDefault();
  var next = t.classList.contains('qo-input--sku') ? row.querySelector('.qo-input--qty') : row.nextElementSibling && row.nextElementSibling.querySelector('.qo-input--sku');
  if (next) next.focus();
  else document.querySelector('#quick-order button[type=submit]').focus();
});
document.addEventListener('paste', function (e) {
  var t = e.target;
  if (!t || !t.classList || !t.classList.contains('qo-input--sku')) return;
  var text = (e.clipboardData || window.clipboardData).getData('text');
  if (!text || text.indexOf('\n') < 0) return;
  e.preventDefault();
  var lines = text.replace(/\r/g, '').split('\n').filter(function (l) { return l.trim(); });
  var row = t.closest('tr');
  var room = 0;
  for (var r = row; r; r = r.nextElementSibling) room++;
  var box = document.getElementById('qo-paste');
  if (lines.length > room && box) {
    box.value = (box.value ? box.value + '\n' : '') + lines.join('\n');
    box.closest('details').open = true;
    box.focus();
    return;
  }
  lines.forEach(function (line) {
    if (!row) return;
    var m = /^(.+?)(?:[\t;,]+|\s+)\s*([\d.\s]+)$/.exec(line.trim());
    var sku = row.querySelector('.qo-input--sku');
    var qty = row.querySelector('.qo-input--qty');
    sku.value = m ? m[1].trim() : line.trim();
    qty.value = m ? m[2].trim() : '1';
    sku.dispatchEvent(new Event('change', { bubbles: true }));
    row = row.nextElementSibling;
  });
});
// Cart lines save on change (htmx); the per-line "Update" button is only for pages without JS.
document.documentElement.classList.add('js-ord');
// end ORD-2
