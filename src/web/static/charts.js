// KPI charts: every canvas[data-chart] becomes a Chart.js bar chart of its data-weeks and
// data-values (percentages); drawn again when a live update swaps in new ones. No inline script.
(function () {
  'use strict';
  function draw(root) {
    if (!window.Chart || !root.querySelectorAll) return;
    root.querySelectorAll('canvas[data-chart]:not([data-rendered])').forEach(function (canvas) {
      var weeks = JSON.parse(canvas.getAttribute('data-weeks') || '[]');
      var values = JSON.parse(canvas.getAttribute('data-values') || '[]');
      new window.Chart(canvas, {
        type: 'bar',
        data: { labels: weeks, datasets: [{ label: canvas.getAttribute('data-label') || '', data: values, backgroundColor: '#1677ff' }] },
        options: {
          animation: false,
          responsive: true,
          maintainAspectRatio: false,
          scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + ' %'; } } } },
          plugins: { legend: { display: false } },
        },
      });
      canvas.setAttribute('data-rendered', String(values.filter(function (v) { return v !== null; }).length));
    });
  }
  document.addEventListener('DOMContentLoaded', function () { draw(document); });
  document.addEventListener('htmx:afterSwap', function (event) { draw(event.target || document); });
})();
