import type { Language } from '../../config/schema';
import { weeklySeries } from '../closed-figures';
import type { ClosedFigures } from '../closed-figures-reader';
import { html } from './html';
import type { SafeHtml } from './html';
import { t } from './i18n';

/**
 * SLA met % and same-day resolution % per week as two bar charts (Chart.js, drawn by
 * `charts.js` from the canvas's data- attributes: no inline script) and the same figures as a
 * table, which is also what a screen reader or a test reads. Nothing without an archive.
 */
export function weeklyCharts(figures: ClosedFigures | undefined, language: Language): SafeHtml {
  if (!figures) return html``;
  if ('error' in figures) return html`<p class="notice" data-testid="archive-unavailable">${t(language, 'archiveUnavailable')} ${figures.error}</p>`;
  const series = weeklySeries(figures.report);
  if (series.weeks.length === 0) return html`<section class="card"><h2>${t(language, 'closedFigures')}</h2><p data-testid="no-closed">${t(language, 'noClosedTickets')}</p></section>`;
  const pct = (value: number | null) => (value === null ? '–' : `${value.toFixed(1)} %`);
  const chart = (name: string, label: string, values: Array<number | null>) =>
    html`<figure class="chart"><figcaption>${label}</figcaption><div class="chart-box"><canvas data-chart="${name}" data-testid="chart-${name}" data-label="${label}" data-weeks="${JSON.stringify(series.weeks)}" data-values="${JSON.stringify(values)}" role="img" aria-label="${label}"></canvas></div></figure>`;
  return html`<section class="card" data-testid="weekly-charts">
<h2>${t(language, 'closedFigures')}</h2>
<div class="charts">
${chart('sla-met', t(language, 'slaMetPerWeek'), series.slaMetPct)}
${chart('same-day', t(language, 'sameDayPerWeek'), series.sameDayPct)}
</div>
<table data-testid="weekly"><thead><tr><th>${t(language, 'week')}</th><th>${t(language, 'closedCount')}</th><th>${t(language, 'slaMet')}</th><th>${t(language, 'sameDay')}</th></tr></thead><tbody>
${series.weeks.map((week, index) => html`<tr data-week="${week}"><td>${week}</td><td data-figure="closed">${series.closed[index]}</td><td data-figure="sla-met">${pct(series.slaMetPct[index]!)}</td><td data-figure="same-day">${pct(series.sameDayPct[index]!)}</td></tr>`)}
</tbody></table>
</section>`;
}
