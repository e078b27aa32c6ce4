import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Language } from '../config/schema';
import { SopflowError } from '../errors/sopflow-error';
import type { FlowDefinition } from '../flow/definition';
import { pickText } from '../flow/localized-text';
import { agentDisplayName } from '../notify/agent-directory';
import type { TicketStatus, TimelineEntry } from '../ticket/types';
import { readShownTicket } from './archived-ticket';
import { csrfToken, csrfValid } from './auth/csrf';
import { portalTokenValid } from './auth/portal-token';
import { isNotFound, isUnavailable, sendBadRequest, sendNotFound, sendUnavailable } from './error-pages';
import { customerDiscussion } from './portal-discussion';
import type { LiveHub, TicketView } from './live/live-hub';
import { portalTopic } from './live/portal-topic';
import type { WebDeps } from './web-deps';
import { when } from './views/format';
import { html } from './views/html';
import type { SafeHtml } from './views/html';
import { pageLanguage, t } from './views/i18n';
import { page } from './views/layout';

/** Longest customer reply the portal accepts (characters). */
export const MAX_REPLY_CHARS = 10_000;

interface PortalParams {
  number: string;
}
interface PortalQuery {
  t?: string;
  sent?: string;
}

/**
 * The customer portal: `/tickets/<number>?t=<token>`, the link in every mail. The token is the
 * only key; without the right one every answer is the same 404 as for a ticket that does not
 * exist. The page shows what the customer may see and nothing internal.
 */
export function registerPortal(app: FastifyInstance, deps: WebDeps, live: LiveHub): void {
  const fallback = deps.config.languages.default;

  /** The ticket, when the token opens it; otherwise undefined (and the caller answers 404). */
  const openTicket = async (number: string, token: unknown, reply: FastifyReply): Promise<TicketView | undefined> => {
    if (typeof token !== 'string' || token.length === 0 || token.length > 200 || !/^SOP-[0-9A-Z-]{1,40}$/.test(number)) {
      sendNotFound(reply, fallback);
      return undefined;
    }
    let view: TicketView;
    try {
      // Closed tickets come from the archive, so they outlive Temporal's retention.
      view = await readShownTicket(live, deps.archive, number, { now: deps.now ?? Date.now });
    } catch (error) {
      if (isNotFound(error)) sendNotFound(reply, fallback);
      else if (isUnavailable(error)) sendUnavailable(reply, fallback);
      else throw error;
      return undefined;
    }
    if (!portalTokenValid(deps.secret, number, view.status.customer, token)) {
      sendNotFound(reply, fallback);
      return undefined;
    }
    return view;
  };

  app.get<{ Params: PortalParams; Querystring: PortalQuery }>('/tickets/:number', async (request, reply) => {
    const view = await openTicket(request.params.number, request.query.t, reply);
    if (!view) return reply;
    const { status, timeline } = view;
    const language = pageLanguage(status.language, fallback);
    const body = portalBody({ deps, status, timeline, token: request.query.t!, language, sent: request.query.sent === '1' });
    return reply.type('text/html; charset=utf-8').send(page({ title: `${status.number} · ${status.subject}`, language, body }).value);
  });

  // Live updates behind the same token; the stream only says that something the customer sees changed (live/portal-topic.ts).
  app.get<{ Params: PortalParams; Querystring: PortalQuery }>('/tickets/:number/events', async (request, reply) => {
    const view = await openTicket(request.params.number, request.query.t, reply);
    if (!view) return reply;
    reply.hijack();
    live.subscribe(portalTopic(view.status.number), reply.raw);
    return reply;
  });

  app.post<{ Params: PortalParams; Querystring: PortalQuery; Body: Record<string, unknown> }>('/tickets/:number/reply', async (request, reply) => {
    const token = request.query.t ?? (typeof request.body?.t === 'string' ? request.body.t : undefined);
    const view = await openTicket(request.params.number, token, reply);
    if (!view) return reply;
    const { status } = view;
    const language = pageLanguage(status.language, fallback);
    if (!csrfValid(deps.secret, `portal:${status.number}:${token}`, request.body?._csrf)) {
      return sendBadRequest(reply, language, t(language, 'replyExpired'), 403);
    }
    const text = typeof request.body?.message === 'string' ? request.body.message.trim() : '';
    if (text.length === 0) return sendBadRequest(reply, language, t(language, 'replyEmpty'));
    if (text.length > MAX_REPLY_CHARS) {
      return sendBadRequest(reply, language, t(language, 'replyTooLong').replace('{count}', String(text.length)).replace('{max}', String(MAX_REPLY_CHARS)), 413);
    }
    const key = typeof request.body?.key === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(request.body.key) ? request.body.key : undefined;
    if (!key) return sendBadRequest(reply, language, t(language, 'replyNoKey'));
    try {
      await deps.tickets.addMessage(status.number, { text, channel: 'portal' }, { idempotencyKey: `portal:${status.number}:${key}` });
    } catch (error) {
      if (isUnavailable(error)) return sendUnavailable(reply, language);
      // Nothing changed. A closed ticket is said in the customer's words; any other refusal
      // (a bad message the checks above let through) keeps the engine's reason.
      if (error instanceof SopflowError && error.code === 'TICKET_CLOSED') return sendBadRequest(reply, language, t(language, 'replyClosed'), 409);
      return sendBadRequest(reply, language, (error as Error).message, 409);
    }
    await live.changed(status.number);
    return reply.redirect(`/tickets/${encodeURIComponent(status.number)}?t=${encodeURIComponent(token!)}&sent=1`, 303);
  });
}

function portalBody(input: { deps: WebDeps; status: TicketStatus; timeline: TimelineEntry[]; token: string; language: Language; sent: boolean }): SafeHtml {
  const { deps, status, timeline, token, language } = input;
  const flow = flowOf(deps, status);
  const state = flow?.states[status.state];
  const title = pickText(state?.titles, state?.title ?? status.stateTitle, language);
  const description = state?.description !== undefined ? pickText(state.descriptions, state.description, language) : undefined;
  const zone = flow ? safeZone(deps, flow) : deps.config.notify.timeZone;
  const discussion = customerDiscussion({ status, timeline, flow, config: deps.config, templates: deps.templates, timeZone: zone });
  const latest = latestAction(timeline, flow, language);
  const contact = status.assignee ? agentDisplayName(deps.config, status.assignee) : undefined;
  const closed = status.kind === 'final';
  // One key per rendered form: a double click or a retried post adds the message once.
  const formKey = randomBytes(12).toString('base64url');
  return html`
<p class="muted">${t(language, 'ticket')} <strong data-testid="ticket-number">${status.number}</strong></p>
<h1>${status.subject}</h1>
${closed ? html`<p class="notice" data-testid="closed">${t(language, deps.archive ? 'closedTicket' : 'closedTicketNotKept')}</p>` : ''}
${input.sent ? html`<p class="notice" role="status">${t(language, 'replySent')}</p>` : ''}
<div hx-ext="sse" sse-connect="/tickets/${status.number}/events?t=${token}">
<div hx-get="/tickets/${status.number}?t=${token}" hx-trigger="sse:changed" hx-select="#portal-live" hx-target="#portal-live" hx-swap="outerHTML"></div>
<div id="portal-live" data-version="${timeline.length}">
<section class="card">
  <div class="muted">${t(language, 'currentStep')}</div>
  <div class="step-title" data-testid="step-title">${title}</div>
  ${description ? html`<p data-testid="step-description">${description}</p>` : ''}
  <dl class="facts">
    <dt>${t(language, 'contact')}</dt><dd data-testid="contact">${contact ?? t(language, 'noContactYet')}</dd>
    ${status.dueAt && !closed ? html`<dt>${t(language, 'dueAt')}</dt><dd data-testid="due">${when(status.dueAt, language, zone)}</dd>` : ''}
    ${latest ? html`<dt>${t(language, 'latestAction')}</dt><dd data-testid="latest">${latest.text} · ${when(latest.at, language, zone)}</dd>` : ''}
  </dl>
</section>
<h2>${t(language, 'discussion')}</h2>
<ol class="discussion" data-testid="discussion">
${discussion.map(
  (item) => html`<li class="${item.direction}">
  <div class="meta">${item.direction === 'from-customer' ? t(language, 'fromYou') : t(language, 'fromUs')} · ${when(item.at, language, zone)}</div>
  ${item.subject ? html`<strong>${item.subject}</strong>` : ''}
  <pre>${item.text}</pre>
</li>`,
)}
</ol>
</div>
</div>
${closed
  ? ''
  : html`<h2>${t(language, 'reply')}</h2>
<form method="post" action="/tickets/${status.number}/reply?t=${token}" class="stack">
  <input type="hidden" name="_csrf" value="${csrfToken(deps.secret, `portal:${status.number}:${token}`)}">
  <input type="hidden" name="key" value="${formKey}">
  <label for="message">${t(language, 'replyLabel')}</label>
  <textarea id="message" name="message" required maxlength="${MAX_REPLY_CHARS}"></textarea>
  <div><button type="submit" class="primary">${t(language, 'send')}</button></div>
</form>`}`;
}

/** The flow of a ticket as this server knows it (the catalog's version of the same id). */
export function flowOf(deps: WebDeps, status: TicketStatus): FlowDefinition | undefined {
  try {
    return deps.catalog.flow(status.flow.id);
  } catch {
    return undefined;
  }
}

function safeZone(deps: WebDeps, flow: FlowDefinition): string {
  try {
    return deps.catalog.calendar(flow.calendar).timezone;
  } catch {
    return deps.config.notify.timeZone;
  }
}

/** The last thing that happened that a customer may know about, in their words. */
function latestAction(timeline: TimelineEntry[], flow: FlowDefinition | undefined, language: Language): { text: string; at: string } | undefined {
  for (const entry of [...timeline].reverse()) {
    if ((entry.kind === 'created' || entry.kind === 'transition') && entry.to) {
      const state = flow?.states[entry.to];
      return { text: `${t(language, 'state')}: ${pickText(state?.titles, state?.title ?? entry.to, language)}`, at: entry.at };
    }
    if (entry.kind === 'message') return { text: t(language, 'fromYou'), at: entry.at };
  }
  return undefined;
}
