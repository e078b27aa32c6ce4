// sopflow pages: live countdowns of SLA clocks. Everything else is htmx and server-rendered HTML.
(function () {
  'use strict';
  function two(n) {
    return n < 10 ? '0' + n : String(n);
  }
  function span(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var d = Math.floor(s / 86400);
    var h = Math.floor((s % 86400) / 3600);
    var m = Math.floor((s % 3600) / 60);
    return (d > 0 ? d + 'd ' : '') + two(h) + ':' + two(m) + ':' + two(s % 60);
  }
  function tick() {
    var now = Date.now();
    document.querySelectorAll('[data-due]').forEach(function (el) {
      var due = Date.parse(el.getAttribute('data-due'));
      if (isNaN(due)) return;
      var left = due - now;
      var words = left >= 0 ? el.getAttribute('data-left') || 'left' : el.getAttribute('data-overdue') || 'overdue';
      el.textContent = span(left) + ' ' + words;
      el.classList.toggle('overdue', left < 0);
    });
  }
  setInterval(tick, 1000);
  document.addEventListener('DOMContentLoaded', tick);
  document.addEventListener('htmx:afterSwap', tick);
  // A page that said "temporarily unavailable" tries again by itself.
  document.addEventListener('DOMContentLoaded', function () {
    var retry = document.querySelector('[data-retry-after]');
    if (retry) setTimeout(function () { location.reload(); }, Number(retry.getAttribute('data-retry-after')) * 1000);
  });
})();
