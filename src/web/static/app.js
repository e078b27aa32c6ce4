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
  // Answers can cross on the way (a live refresh asked for just before an action's answer): never
  // replace the ticket with an older view of it. The timeline only grows, so its length orders views.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var target = event.detail.target;
    if (!target || target.id !== 'ticket-view') return;
    var shown = target.querySelector('#ticket-live');
    var incoming = /data-version="(\d+)"/.exec(event.detail.serverResponse || '');
    var current = Number(shown && shown.getAttribute('data-version'));
    if (!incoming || Number(incoming[1]) >= current) return;
    event.detail.shouldSwap = false;
    // The older view still answers the agent's own action: what it says about that (refused, and
    // why, or not) goes onto the newer view.
    var sender = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (!shown || !sender || sender.tagName !== 'FORM') return;
    var answer = document.createElement('template');
    answer.innerHTML = event.detail.serverResponse;
    var refused = answer.content.querySelector('[data-testid="refusal"]');
    var earlier = shown.querySelector('[data-testid="refusal"]');
    if (earlier) earlier.remove();
    if (refused) shown.insertBefore(refused, shown.firstChild);
  });

  // What an agent types survives a live update: fields marked data-keep that were edited are
  // carried into the new content by id. The form that sent the request is not carried: its
  // event went out (or the server sends its values back with the refusal).
  var carried = null;
  document.addEventListener('input', function (event) {
    if (event.target && event.target.hasAttribute && event.target.hasAttribute('data-keep')) event.target.setAttribute('data-edited', '');
  });
  document.addEventListener('change', function (event) {
    if (event.target && event.target.hasAttribute && event.target.hasAttribute('data-keep')) event.target.setAttribute('data-edited', '');
  });
  document.addEventListener('htmx:beforeSwap', function (event) {
    var target = event.detail.target;
    if (!target || target.id !== 'ticket-view' || event.detail.shouldSwap === false) return;
    var sender = event.detail.requestConfig && event.detail.requestConfig.elt;
    carried = [];
    target.querySelectorAll('[data-keep][data-edited][id]').forEach(function (field) {
      if (sender && sender.tagName === 'FORM' && sender.contains(field)) return;
      carried.push({ id: field.id, value: field.value, checked: field.checked });
    });
  });
  document.addEventListener('htmx:afterSwap', function () {
    if (!carried) return;
    carried.forEach(function (saved) {
      var field = document.getElementById(saved.id);
      if (!field) return;
      if (field.type === 'checkbox') field.checked = saved.checked;
      else field.value = saved.value;
      field.setAttribute('data-edited', '');
    });
    carried = null;
  });
  // A refusal stays on the page until the agent's next action answers: a live refresh (from any
  // change to the ticket, even one made a moment before the refused action) carries it over, so
  // the agent always gets to read why their action was refused.
  var refusal = null;
  document.addEventListener('htmx:beforeSwap', function (event) {
    var target = event.detail.target;
    if (!target || target.id !== 'ticket-view' || event.detail.shouldSwap === false) return;
    var sender = event.detail.requestConfig && event.detail.requestConfig.elt;
    var shown = target.querySelector('[data-testid="refusal"]');
    refusal = sender && sender.tagName === 'FORM' ? null : shown && shown.cloneNode(true);
  });
  document.addEventListener('htmx:afterSwap', function () {
    if (!refusal) return;
    var live = document.getElementById('ticket-live');
    if (live && !live.querySelector('[data-testid="refusal"]')) live.insertBefore(refusal, live.firstChild);
    refusal = null;
  });
  // A page that said "temporarily unavailable" tries again by itself.
  document.addEventListener('DOMContentLoaded', function () {
    var retry = document.querySelector('[data-retry-after]');
    if (retry) setTimeout(function () { location.reload(); }, Number(retry.getAttribute('data-retry-after')) * 1000);
  });
})();
