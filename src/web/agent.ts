import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { pickText } from '../flow/localized-text';
import { agentDisplayName, findAgent } from '../notify/agent-directory';
import { absenceProblem } from '../assignment/absence';
import type { TicketListRow } from '../client/ticket-client';
import type { Language } from '../config/schema';
import type { TimelineEntry } from '../ticket/types';
import { readShownTicket } from './archived-ticket';
import type { ShownTicket } from './archived-ticket';
import { requireAgent } from './agent-session';
import type { AgentContext } from './agent-session';
import { isNotFound, isUnavailable, sendBadRequest, sendNotFound, sendUnavailable } from './error-pages';
import { eventForm, parseEventForm } from './event-form';
import type { LiveHub } from './live/live-hub';
import { flowOf } from './portal';
import { countdown, slaBadge, when } from './views/format';
import { html } from './views/html';
import type { SafeHtml } from './views/html';
import { t } from './views/i18n';
import { page } from './views/layout';
import { pageOf, pager, parsePageNumber } from './views/pager';
import type { ListPage } from './views/pager';
import { agentStateTexts } from './views/state-texts';
import { byDueDate, ticketTable } from './views/ticket-table';
import type { WebDeps } from './web-deps';

type Body = Record<string, unknown>;
interface TicketParams {
  number: string;
}
/** Filters of the queue page, all optional. */
interface QueueQuery {
  tier?: string;
  flow?: string;
  state?: string;
  priority?: string;
  assignee?: string;
  /** 1-based page of the filtered, due-date-sorted queue. */
  page?: string;
}

const TICKET_NUMBER = /^SOP-[0-9A-Z-]{1,40}$/;
const formKey = (): string => randomBytes(12).toString('base64url');

/**
 * The agent workspace: my tickets, the queue per tier with filters, and a ticket page with
 * "what to do now", live SLA clocks, the timeline and one generated form per allowed event.
 * Every action goes through the TicketClient, like the CLI; every form carries the session's
 * CSRF token and its own idempotency key.
 */
export function registerAgentPages(app: FastifyInstance, deps: WebDeps, live: LiveHub): void {
  const zone = deps.config.notify.timeZone;
  const html200 = (reply: FastifyReply, context: AgentContext, title: string, body: SafeHtml, code = 200) =>
    reply
      .code(code)
      .type('text/html; charset=utf-8')
      .send(page({ title, language: context.language, body, agent: { id: context.agent.id, name: context.agent.name, csrf: context.csrf } }).value);

  app.get('/agent', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const snapshot = await live.visibility();
    if (snapshot.error) return sendUnavailable(reply, context.language);
    const mine = byDueDate(snapshot.open.filter((row) => row.assignee === context.agent.id));
    const { language } = context;
    return html200(
      reply,
      context,
      t(language, 'myTickets'),
      html`<div hx-ext="sse" sse-connect="/live/queue">
<h1>${t(language, 'myTickets')} <span class="muted">(${mine.length})</span></h1>
<div id="my-tickets" hx-get="/agent/fragments/mine" hx-trigger="sse:changed" hx-swap="innerHTML">${ticketTable(mine, { language, catalog: deps.catalog, config: deps.config })}</div>
</div>
${absenceForm(context, deps)}`,
    );
  });

  app.get('/agent/fragments/mine', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const snapshot = await live.visibility();
    const mine = byDueDate(snapshot.open.filter((row) => row.assignee === context.agent.id));
    return reply.type('text/html; charset=utf-8').send(ticketTable(mine, { language: context.language, catalog: deps.catalog, config: deps.config }).value);
  });

  // The queue is filtered and paged in memory from the poller's index, already sorted by due date.
  const queuePage = async (query: QueueQuery, page: number) => {
    const snapshot = await live.visibility();
    const rows = snapshot.open.filter(
      (row) =>
        (!query.tier || row.tier === query.tier) &&
        (!query.flow || row.flow === query.flow) &&
        (!query.state || row.state === query.state) &&
        (!query.priority || row.priority === query.priority) &&
        (!query.assignee || (query.assignee === '-' ? !row.assignee : row.assignee === query.assignee)),
    );
    return { snapshot, list: pageOf(rows, page) };
  };
  /** The queue's address with the same filters on another page. */
  const queueLink = (query: QueueQuery, base: string) => (page: number) => `${base}?${queueSearch(query, page)}`;
  const queueView = (list: ListPage<TicketListRow>, query: QueueQuery, language: Language) =>
    html`${pager(list, language, queueLink(query, '/agent/queue'))}${ticketTable(list.rows, { language, catalog: deps.catalog, config: deps.config })}`;

  app.get<{ Querystring: QueueQuery }>('/agent/queue', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const { language } = context;
    const page = parsePageNumber(request.query.page);
    if (page === undefined) return sendBadRequest(reply, language, `${t(language, 'badPage')}: '${String(request.query.page)}'`);
    const { snapshot, list } = await queuePage(request.query, page);
    if (snapshot.error) return sendUnavailable(reply, language);
    return html200(
      reply,
      context,
      t(language, 'queue'),
      html`<h1>${t(language, 'queue')}</h1>
${queueFilters(request.query, context, deps)}
<div hx-ext="sse" sse-connect="/live/queue">
<div id="queue" hx-get="/agent/fragments/queue?${queueSearch(request.query, list.page)}" hx-trigger="sse:changed" hx-swap="innerHTML">${queueView(list, request.query, language)}</div>
</div>`,
    );
  });

  app.get<{ Querystring: QueueQuery }>('/agent/fragments/queue', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const { language } = context;
    const page = parsePageNumber(request.query.page);
    if (page === undefined) return sendBadRequest(reply, language, `${t(language, 'badPage')}: '${String(request.query.page)}'`);
    const { list } = await queuePage(request.query, page);
    return reply.type('text/html; charset=utf-8').send(queueView(list, request.query, language).value);
  });

  /** Reads a ticket for a page, answering 404 / 503 itself when it cannot. */
  const readTicket = async (number: string, context: AgentContext, reply: FastifyReply, fresh = false): Promise<ShownTicket | undefined> => {
    if (!TICKET_NUMBER.test(number)) {
      sendNotFound(reply, context.language);
      return undefined;
    }
    try {
      return await readShownTicket(live, deps.archive, number, { fresh, now: deps.now ?? Date.now });
    } catch (error) {
      if (isNotFound(error)) sendNotFound(reply, context.language);
      else if (isUnavailable(error)) sendUnavailable(reply, context.language);
      else throw error;
      return undefined;
    }
  };

  app.get<{ Params: TicketParams }>('/agent/tickets/:number', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const view = await readTicket(request.params.number, context, reply);
    if (!view) return reply;
    return html200(reply, context, `${view.status.number} · ${view.status.subject}`, ticketPage(deps, context, view, zone));
  });

  app.get<{ Params: TicketParams }>('/agent/tickets/:number/live', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const view = await readTicket(request.params.number, context, reply);
    if (!view) return reply;
    return reply.type('text/html; charset=utf-8').send(ticketLive(deps, context, view, zone).value);
  });

  /** After an action: the live part with the outcome (htmx), or the whole page (a plain form post). */
  const answer = async (request: FastifyRequest, reply: FastifyReply, context: AgentContext, number: string, outcome: Outcome) => {
    if (outcome.ok) await live.changed(number);
    const view = await readTicket(number, context, reply, true);
    if (!view) return reply;
    const code = outcome.ok ? 200 : 422;
    if (request.headers['hx-request']) return reply.code(code).type('text/html; charset=utf-8').send(ticketLive(deps, context, view, zone, outcome).value);
    return html200(reply, context, `${view.status.number} · ${view.status.subject}`, ticketPage(deps, context, view, zone, outcome), code);
  };

  app.post<{ Params: TicketParams & { event: string }; Body: Body }>('/agent/tickets/:number/events/:event', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const { number, event } = request.params;
    const view = await readTicket(number, context, reply);
    if (!view) return reply;
    const flow = flowOf(deps, view.status);
    if (!flow || !/^[A-Z][A-Z0-9_]*$/.test(event)) return answer(request, reply, context, number, { ok: false, message: `unknown event '${event}'` });
    const { data, problems } = parseEventForm(flow, event, request.body ?? {});
    if (problems.length) return answer(request, reply, context, number, { ok: false, event, message: `${event} refused: ${problems.join('; ')}`, values: data });
    try {
      await deps.tickets.send(number, { type: event, data, actor: context.agent.id }, keyOf(request.body, `event:${number}`));
      return answer(request, reply, context, number, { ok: true });
    } catch (error) {
      if (isUnavailable(error)) return sendUnavailable(reply, context.language);
      return answer(request, reply, context, number, { ok: false, event, message: (error as Error).message, values: data });
    }
  });

  app.post<{ Params: TicketParams; Body: Body }>('/agent/tickets/:number/assign', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const agent = typeof request.body?.agent === 'string' ? request.body.agent : '';
    if (!findAgent(deps.config, agent)) return answer(request, reply, context, request.params.number, { ok: false, message: `no agent '${agent}' in sopflow.config.yaml` });
    try {
      await deps.tickets.assign(request.params.number, { agent, actor: context.agent.id }, keyOf(request.body, `assign:${request.params.number}`));
      return answer(request, reply, context, request.params.number, { ok: true });
    } catch (error) {
      if (isUnavailable(error)) return sendUnavailable(reply, context.language);
      return answer(request, reply, context, request.params.number, { ok: false, message: (error as Error).message });
    }
  });

  app.post<{ Params: TicketParams; Body: Body }>('/agent/tickets/:number/priority', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const priority = typeof request.body?.priority === 'string' ? request.body.priority : '';
    try {
      await deps.tickets.changePriority(request.params.number, { priority, actor: context.agent.id }, keyOf(request.body, `priority:${request.params.number}`));
      return answer(request, reply, context, request.params.number, { ok: true });
    } catch (error) {
      if (isUnavailable(error)) return sendUnavailable(reply, context.language);
      return answer(request, reply, context, request.params.number, { ok: false, message: (error as Error).message });
    }
  });

  app.post<{ Body: Body }>('/agent/absence', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const body = request.body ?? {};
    const agent = typeof body.agent === 'string' ? body.agent : '';
    if (!findAgent(deps.config, agent)) return sendBadRequest(reply, context.language, `no agent '${agent}' in sopflow.config.yaml`, 422);
    const until = typeof body.to === 'string' ? Date.parse(body.to) : Number.NaN;
    if (Number.isNaN(until)) return sendBadRequest(reply, context.language, `'${String(body.to ?? '')}' is not a date and time (until), e.g. 2026-12-24T17:00:00Z`, 422);
    const reason = typeof body.reason === 'string' && body.reason.trim() ? { reason: body.reason.trim() } : {};
    const absence = { agent, from: new Date((deps.now ?? Date.now)()).toISOString(), to: new Date(until).toISOString(), ...reason };
    const problem = absenceProblem(absence);
    if (problem) return sendBadRequest(reply, context.language, problem, 422);
    await deps.directory.markAbsent(absence);
    return reply.redirect('/agent', 303);
  });

  app.get<{ Params: { topic: string } }>('/live/:topic', async (request, reply) => {
    const context = requireAgent(deps, request, reply);
    if (!context) return reply;
    const topic = request.params.topic;
    if (!/^(dashboard|queue|ticket:SOP-[0-9A-Z-]{1,40}|flow:[a-z][a-z0-9-]*)$/.test(topic)) return sendNotFound(reply, context.language);
    reply.hijack();
    live.subscribe(topic, reply.raw);
    return reply;
  });
}

/** What an action led to, shown inline on the ticket page. */
type Outcome = { ok: true } | { ok: false; message: string; event?: string; values?: Record<string, unknown> };

function keyOf(body: Body | undefined, scope: string): { idempotencyKey?: string } {
  const key = typeof body?._key === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(body._key) ? body._key : undefined;
  return key ? { idempotencyKey: `web:${scope}:${key}` } : {};
}

function ticketPage(deps: WebDeps, context: AgentContext, view: ShownTicket, zone: string, outcome?: Outcome): SafeHtml {
  const { status } = view;
  return html`<p class="muted"><a href="/agent/queue">${t(context.language, 'queue')}</a> · ${status.flow.title}</p>
<h1><span data-testid="ticket-number">${status.number}</span> · ${status.subject}</h1>
<div hx-ext="sse" sse-connect="/live/ticket:${status.number}">
<div hx-get="/agent/tickets/${status.number}/live" hx-trigger="sse:changed" hx-target="#ticket-view" hx-swap="innerHTML"></div>
<div id="ticket-view">${ticketLive(deps, context, view, zone, outcome)}</div>
</div>`;
}

/**
 * The part of the ticket page that live updates and action answers replace, inside #ticket-view:
 * that box is never replaced itself, so an answer that crosses a live refresh still lands
 * (app.js orders them). Typed form input survives (data-keep, app.js).
 */
function ticketLive(deps: WebDeps, context: AgentContext, view: ShownTicket, zone: string, outcome?: Outcome): SafeHtml {
  const { status, timeline } = view;
  const { language } = context;
  const flow = flowOf(deps, status);
  const state = flow?.states[status.state];
  const title = pickText(state?.titles, state?.title ?? status.stateTitle, language);
  const texts = agentStateTexts(state, language);
  const agents = Object.values(deps.config.pools).flatMap((pool) => pool.agents);
  // data-version: the timeline only grows, so the page keeps the newest of answers that cross on the way (see app.js).
  return html`<div id="ticket-live" data-state="${status.state}" data-version="${timeline.length}">
${outcome && !outcome.ok ? html`<p class="refusal" role="alert" data-testid="refusal">${t(language, 'refused')}: ${outcome.message}</p>` : ''}
${view.archivedAt ? html`<p class="notice" data-testid="archived">${t(language, 'archivedTicket')} ${when(view.archivedAt, language, zone)}</p>` : ''}
<section class="card">
  <div class="muted">${t(language, 'whatToDo')}</div>
  <div class="step-title" data-testid="state-title">${title}</div>
  ${texts.instructions ? html`<p data-testid="state-instructions">${texts.instructions}</p>` : ''}
  ${texts.customerSees ? html`<p class="muted" data-testid="state-description">${t(language, 'customerSees')}: ${texts.customerSees}</p>` : ''}
  <dl class="facts">
    <dt>${t(language, 'state')}</dt><dd><code data-testid="state">${status.state}</code> ${status.tier ?? ''}</dd>
    <dt>${t(language, 'assignee')}</dt><dd data-testid="assignee">${agentDisplayName(deps.config, status.assignee)}</dd>
    <dt>${t(language, 'priority')}</dt><dd>${status.priority}</dd>
    <dt>${t(language, 'sla')}</dt><dd>${slaBadge(status.slaStatus, language)} ${status.dueAt ? html`${when(status.dueAt, language, zone)} · ${countdown(status.dueAt, language)}` : ''}</dd>
    <dt>${t(language, 'customer')}</dt><dd>${status.customerName ?? status.customer}</dd>
  </dl>
</section>
<h2>${t(language, 'clocks')}</h2>
<table data-testid="clocks"><thead><tr><th>SLA</th><th>${t(language, 'state')}</th><th>${t(language, 'dueAt')}</th><th></th></tr></thead><tbody>
${status.clocks.map(
  (clock) => html`<tr><td>${clock.id}</td><td>${slaBadge(clock.status, language)}</td><td>${when(clock.dueAt, language, zone)}</td><td>${clock.status === 'ok' || clock.status === 'warning' || clock.status === 'breached' ? countdown(clock.dueAt, language) : ''}</td></tr>`,
)}
</tbody></table>
<h2>${t(language, 'actions')}</h2>
<div class="forms" data-testid="event-forms">
${status.allowedEvents.map((event) =>
  eventForm({
    number: status.number,
    event,
    flow,
    language,
    csrf: context.csrf,
    requiredWord: t(language, 'required'),
    idempotencyKey: formKey(),
    ...(outcome && !outcome.ok && outcome.event === event.type && outcome.values ? { values: outcome.values } : {}),
  }),
)}
${status.kind === 'final'
  ? ''
  : html`<form class="card stack" method="post" action="/agent/tickets/${status.number}/assign" hx-post="/agent/tickets/${status.number}/assign" hx-target="#ticket-view" hx-swap="innerHTML">
  <input type="hidden" name="_csrf" value="${context.csrf}"><input type="hidden" name="_key" value="${formKey()}">
  <label for="assign-agent">${t(language, 'assign')}</label>
  <select id="assign-agent" name="agent" data-keep>${agents.map((agent) => html`<option value="${agent.id}"${agent.id === status.assignee ? html` selected` : ''}>${agent.name}</option>`)}</select>
  <div><button type="submit">${t(language, 'assign')}</button></div>
</form>
<form class="card stack" method="post" action="/agent/tickets/${status.number}/priority" hx-post="/agent/tickets/${status.number}/priority" hx-target="#ticket-view" hx-swap="innerHTML">
  <input type="hidden" name="_csrf" value="${context.csrf}"><input type="hidden" name="_key" value="${formKey()}">
  <label for="priority">${t(language, 'changePriority')}</label>
  <select id="priority" name="priority">${(flow?.priorities ?? [status.priority]).map((priority) => html`<option${priority === status.priority ? html` selected` : ''}>${priority}</option>`)}</select>
  <div><button type="submit">${t(language, 'changePriority')}</button></div>
</form>`}
</div>
<h2>${t(language, 'timeline')}</h2>
<ol class="discussion" data-testid="timeline">
${[...timeline].reverse().map((entry) => timelineItem(entry, deps, language, zone))}
</ol>
</div>`;
}

function timelineItem(entry: TimelineEntry, deps: WebDeps, language: AgentContext['language'], zone: string): SafeHtml {
  const flowStates = (name: string | undefined) => name ?? '';
  const what =
    entry.kind === 'transition'
      ? html`<strong>${entry.event}</strong> ${flowStates(entry.from)} → ${flowStates(entry.to)}`
      : entry.kind === 'message'
        ? html`<strong>${t(language, 'message')}</strong> (${String(entry.data?.channel ?? '')})<pre>${String(entry.data?.text ?? '')}</pre>`
        : entry.kind === 'assigned'
          ? html`<strong>${entry.kind}</strong> ${agentDisplayName(deps.config, entry.agent)}`
          : html`<strong>${entry.kind}</strong> ${entry.to ?? ''}`;
  const data = entry.kind !== 'message' && entry.data && Object.keys(entry.data).length ? html`<div class="meta">${JSON.stringify(entry.data)}</div>` : '';
  return html`<li data-seq="${entry.seq}" data-kind="${entry.kind}">
  <div class="meta">#${entry.seq} · ${when(entry.at, language, zone)}${entry.actor ? html` · ${entry.actor}` : ''}${entry.clock ? html` · ${entry.clock}` : ''}</div>
  ${what}${entry.reason ? html` <span class="muted">— ${entry.reason}</span>` : ''}${data}
</li>`;
}

/** The queue's filters and a page as a query string (empty filters left out). */
function queueSearch(query: QueueQuery, page: number): string {
  const search = new URLSearchParams();
  for (const name of ['tier', 'flow', 'state', 'priority', 'assignee'] as const) if (query[name]) search.set(name, query[name]);
  if (page > 1) search.set('page', String(page));
  return search.toString();
}

function queueFilters(query: QueueQuery, context: AgentContext, deps: WebDeps): SafeHtml {
  const { language } = context;
  const select = (name: keyof QueueQuery, label: string, options: Array<[string, string]>) => html`<label>${label}
  <select name="${name}"><option value="">${t(language, 'any')}</option>${options.map(([value, text]) => html`<option value="${value}"${query[name] === value ? html` selected` : ''}>${text}</option>`)}</select></label>`;
  const flows = deps.catalog.flows();
  const agents = Object.values(deps.config.pools).flatMap((pool) => pool.agents);
  const priorities = [...new Set(flows.flatMap((flow) => flow.priorities))];
  // Every open state of the flows (not only those with tickets now): the same list whatever the queue holds.
  const stateOptions = [...new Set(flows.flatMap((flow) => Object.values(flow.states).filter((state) => state.kind !== 'final').map((state) => state.name)))].sort().map((state): [string, string] => [state, state]);
  return html`<form method="get" action="/agent/queue" class="filters card">
  ${select('tier', t(language, 'tier'), Object.keys(deps.config.pools).map((tier) => [tier, tier]))}
  ${select('flow', t(language, 'flow'), flows.map((flow) => [flow.id, flow.title]))}
  ${select('state', t(language, 'state'), stateOptions)}
  ${select('priority', t(language, 'priority'), priorities.map((priority) => [priority, priority]))}
  ${select('assignee', t(language, 'assignee'), [['-', '—'], ...agents.map((agent): [string, string] => [agent.id, agent.name])])}
  <button type="submit">${t(language, 'filter')}</button>
</form>`;
}

function absenceForm(context: AgentContext, deps: WebDeps): SafeHtml {
  const { language } = context;
  const agents = Object.values(deps.config.pools).flatMap((pool) => pool.agents);
  return html`<h2>${t(language, 'markAbsent')}</h2>
<form method="post" action="/agent/absence" class="card stack">
  <input type="hidden" name="_csrf" value="${context.csrf}">
  <label for="absent-agent">${t(language, 'assignee')}</label>
  <select id="absent-agent" name="agent">${agents.map((agent) => html`<option value="${agent.id}"${agent.id === context.agent.id ? html` selected` : ''}>${agent.name}</option>`)}</select>
  <label for="absent-to">${t(language, 'until')}</label>
  <input type="text" id="absent-to" name="to" placeholder="2026-12-24T17:00:00Z" required>
  <label for="absent-reason">${t(language, 'reason')}</label>
  <input type="text" id="absent-reason" name="reason">
  <div><button type="submit">${t(language, 'markAbsent')}</button></div>
</form>`;
}

