// The flow page: renders the Mermaid diagram (served locally) and makes each state clickable.
(function () {
  'use strict';
  document.addEventListener('DOMContentLoaded', function () {
    var el = document.querySelector('pre.mermaid');
    if (!el || !window.mermaid) return;
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { htmlLabels: true } });
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
  });
})();
