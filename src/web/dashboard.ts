import type { FastifyInstance } from 'fastify';
import type { Language } from '../config/schema';
import { agentDisplayName } from '../notify/agent-directory';
import { requireAgent } from './agent-session';
import type { ClosedFiguresReader } from './closed-figures-reader';
import { dashboardSummary } from './dashboard-summary';
import type { DashboardSummary } from './dashboard-summary';
import { sendUnavailable } from './error-pages';
import type { LiveHub, VisibilitySnapshot } from './live/live-hub';
import { when } from './views/format';
import { html } from './views/html';
import type { SafeHtml } from './views/html';
import { t } from './views/i18n';
import { page } from './views/layout';
import { weeklyCharts } from './views/weekly-charts';
import type { WebDeps } from './web-deps';

/**
 * The live dashboard: per tier open / waiting / at risk / breached, agents available and
 * absent, opened and resolved today, the oldest open ticket and the same-day rate. Every
 * viewer's page is told of a change by the shared poller and fetches the fragment, which is
 * counted from the poller's snapshot. Below, the weekly KPI charts of closed tickets from the
 * archive (the figures of `sopflow report --group-by week`), live too.
 */
export function registerDashboard(app: FastifyInstance, deps: WebDeps, live: LiveHub, closedFigures?: ClosedFiguresReader): void {
  const now = deps.now ?? Date.now;
  // Every viewer fetches the fragment after the same push: count once per snapshot (one poll), not once per viewer.
  const counted = new WeakMap<VisibilitySnapshot, DashboardSummary>();
  const summary = async () => {
    const snapshot = await live.visibility();
    let figures = counted.get(snapshot);
    if (!figures) counted.set(snapshot, (figures = dashboardSummary({ ...snapshot, config: deps.config, catalog: deps.catalog, now: now() })));
    return { snapshot, summary: figures };
  };

  app.get('/dashboard', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const { snapshot, summary: figures } = await summary();
    if (snapshot.error) return sendUnavailable(reply, context.language);
    const { language } = context;
    const charts = weeklyCharts(await closedFigures?.read(), language);
    const body = html`<h1>${t(language, 'dashboard')} <span class="muted">· ${t(language, 'live')}</span></h1>
<div hx-ext="sse" sse-connect="/live/dashboard">
<div id="dashboard" hx-get="/dashboard/fragment" hx-trigger="sse:changed" hx-swap="innerHTML">${dashboardFragment(figures, language, deps)}</div>
<div id="dashboard-charts" hx-get="/dashboard/charts" hx-trigger="sse:changed delay:1s" hx-swap="innerHTML">${charts}</div>
</div>`;
    return reply
      .type('text/html; charset=utf-8')
      .send(page({ title: t(language, 'dashboard'), language, body, scripts: ['chart.umd.min.js', 'charts.js'], agent: { id: context.agent.id, name: context.agent.name, csrf: context.csrf } }).value);
  });

  // The charts change when a ticket closes; asked a moment after the change, when its archive record is written.
  app.get('/dashboard/charts', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    return reply.type('text/html; charset=utf-8').send(weeklyCharts(await closedFigures?.read(), context.language).value);
  });

  app.get('/dashboard/fragment', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const { summary: figures } = await summary();
    return reply.type('text/html; charset=utf-8').send(dashboardFragment(figures, context.language, deps).value);
  });
}

/** The dashboard's figures as HTML. */
export function dashboardFragment(figures: DashboardSummary, language: Language, deps: WebDeps): SafeHtml {
  const zone = deps.config.notify.timeZone;
  const rate = figures.sameDayRate === undefined ? '–' : `${(figures.sameDayRate * 100).toFixed(1)} %`;
  return html`<table data-testid="tiers">
<thead><tr><th>${t(language, 'tier')}</th><th>${t(language, 'open')}</th><th>${t(language, 'unassigned')}</th><th>${t(language, 'waiting')}</th><th>${t(language, 'warning')}</th><th>${t(language, 'breached')}</th></tr></thead>
<tbody>
${Object.entries(figures.tiers).map(
  ([tier, counts]) => html`<tr data-tier="${tier}"><th><a href="/agent/queue?tier=${tier}">${tier}</a></th><td data-count="open">${counts.open}</td><td data-count="unassigned">${counts.unassigned}</td><td data-count="waiting">${counts.waiting}</td><td class="sla-warning" data-count="warning">${counts.warning}</td><td class="sla-breached" data-count="breached">${counts.breached}</td></tr>`,
)}
</tbody></table>
<div class="tiles">
  <div class="card tile"><div class="muted">${t(language, 'agentsAvailable')}</div><div class="figure" data-testid="agents-available">${figures.agentsAvailable.length}</div></div>
  <div class="card tile"><div class="muted">${t(language, 'agentsAbsent')}</div><div class="figure" data-testid="agents-absent">${figures.agentsAbsent.length}</div>
    <div class="meta">${figures.agentsAbsent.map((agent) => agentDisplayName(deps.config, agent)).join(', ')}</div></div>
  <div class="card tile"><div class="muted">${t(language, 'openedToday')}</div><div class="figure" data-testid="opened-today">${figures.openedToday}</div></div>
  <div class="card tile"><div class="muted">${t(language, 'resolvedToday')}</div><div class="figure" data-testid="resolved-today">${figures.resolvedToday}</div></div>
  <div class="card tile"><div class="muted">${t(language, 'sameDayRate')}</div><div class="figure" data-testid="same-day">${rate}</div></div>
  <div class="card tile"><div class="muted">${t(language, 'oldestOpen')}</div>
    ${figures.oldestOpen ? html`<div><a href="/agent/tickets/${figures.oldestOpen.number}" data-testid="oldest">${figures.oldestOpen.number}</a></div><div class="meta">${when(figures.oldestOpen.since, language, zone)}</div>` : html`<div class="figure">–</div>`}</div>
</div>`;
}
