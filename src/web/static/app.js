// sopflow pages: live countdowns of SLA clocks and the ticket view's live swaps. Everything else is htmx and server-rendered HTML.
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
  // The ticket view's swaps: #ticket-view is never replaced itself; its content is, by an
  // action's answer (sent by a form) or by a live refresh.
  function sentByForm(event) {
    var sender = event.detail.requestConfig && event.detail.requestConfig.elt;
    return sender && sender.tagName === 'FORM' ? sender : null;
  }
  function ticketViewSwap(event) {
    var target = event.detail.target;
    return target && target.id === 'ticket-view' ? target : null;
  }
  /** Shows `refusal` (or none) as the view's one refusal. */
  function putRefusal(view, refusal) {
    var earlier = view.querySelector('[data-testid="refusal"]');
    if (earlier) earlier.remove();
    if (refusal) view.insertBefore(refusal, view.firstChild);
  }

  // Answers can cross on the way (a live refresh asked for just before an action's answer): never
  // replace the ticket with an older view of it. The timeline only grows, so its length orders views.
  document.addEventListener('htmx:beforeSwap', function (event) {
    var target = ticketViewSwap(event);
    if (!target) return;
    var shown = target.querySelector('#ticket-live');
    var incoming = /data-version="(\d+)"/.exec(event.detail.serverResponse || '');
    var current = Number(shown && shown.getAttribute('data-version'));
    if (!incoming || Number(incoming[1]) >= current) return;
    event.detail.shouldSwap = false;
    // The older view still answers the agent's own action: what it says about that (refused, and
    // why, or not) goes onto the newer view.
    if (!shown || !sentByForm(event)) return;
    var answer = document.createElement('template');
    answer.innerHTML = event.detail.serverResponse;
    putRefusal(shown, answer.content.querySelector('[data-testid="refusal"]'));
  });

  // What survives a swap. What an agent types: fields marked data-keep that were edited are
  // carried into the new content by id, except those of the form that sent the request (its
  // event went out, or the server sends its values back with the refusal). A refusal, until the
  // agent's next action answers: a live refresh (from any change to the ticket, even one made a
  // moment before the refused action) carries it over, so the agent gets to read why.
  var carried = null;
  document.addEventListener('input', function (event) {
    if (event.target && event.target.hasAttribute && event.target.hasAttribute('data-keep')) event.target.setAttribute('data-edited', '');
  });
  document.addEventListener('change', function (event) {
    if (event.target && event.target.hasAttribute && event.target.hasAttribute('data-keep')) event.target.setAttribute('data-edited', '');
  });
  document.addEventListener('htmx:beforeSwap', function (event) {
    var target = ticketViewSwap(event);
    if (!target || event.detail.shouldSwap === false) return;
    var sender = sentByForm(event);
    var refusal = target.querySelector('[data-testid="refusal"]');
    carried = { fields: [], refusal: !sender && refusal ? refusal.cloneNode(true) : null };
    target.querySelectorAll('[data-keep][data-edited][id]').forEach(function (field) {
      if (sender && sender.contains(field)) return;
      carried.fields.push({ id: field.id, value: field.value, checked: field.checked });
    });
  });
  document.addEventListener('htmx:afterSwap', function () {
    if (!carried) return;
    carried.fields.forEach(function (saved) {
      var field = document.getElementById(saved.id);
      if (!field) return;
      if (field.type === 'checkbox') field.checked = saved.checked;
      else field.value = saved.value;
      field.setAttribute('data-edited', '');
    });
    var live = document.getElementById('ticket-live');
    if (live && carried.refusal) putRefusal(live, carried.refusal);
    carried = null;
  });
  // A page that said "temporarily unavailable" tries again by itself.
  document.addEventListener('DOMContentLoaded', function () {
    var retry = document.querySelector('[data-retry-after]');
    if (retry) setTimeout(function () { location.reload(); }, Number(retry.getAttribute('data-retry-after')) * 1000);
  });
})();
