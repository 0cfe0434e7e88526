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
