// The flow page: renders the Mermaid diagram (served locally) and makes each state clickable;
// again after every live update swaps in a new diagram.
(function () {
  'use strict';
  var initialised = false;
  function render() {
    var el = document.querySelector('pre.mermaid:not([data-processed])');
    if (!el || !window.mermaid) return;
    if (!initialised) {
      window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { htmlLabels: true } });
      initialised = true;
    }
    document.body.removeAttribute('data-diagram');
    window.mermaid.run({ nodes: [el] }).then(function () {
      document.querySelectorAll('g.node').forEach(function (node) {
        var match = /s_([a-z][a-z0-9_]*)/.exec(node.id || '');
        if (!match) return;
        node.style.cursor = 'pointer';
        node.addEventListener('click', function () {
          var url = new URL(location.href);
          url.searchParams.set('state', match[1]);
          url.hash = 'state-tickets';
          location.href = url.toString();
        });
      });
      document.body.setAttribute('data-diagram', 'ready');
    });
  }
  document.addEventListener('DOMContentLoaded', render);
  document.addEventListener('htmx:afterSwap', render);
})();
