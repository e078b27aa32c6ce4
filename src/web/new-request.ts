import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Language } from '../config/schema';
import { IntakeRetryLaterError } from '../intake/intake-errors';
import type { IntakeRequest } from '../intake/intake-request';
import { ReviewStore } from '../intake/review-store';
import { ticketNumbersIn } from '../intake/ticket-reference';
import { SUPPORTED_LANGUAGES } from '../config/schema';
import { csrfToken, csrfValid } from './auth/csrf';
import { sendBadRequest, sendNotFound, sendUnavailable } from './error-pages';
import type { WebDeps } from './web-deps';
import { html } from './views/html';
import type { SafeHtml } from './views/html';
import { page } from './views/layout';
import { requestWord as w } from './views/request-words';

/** Limits of the form's fields (characters). */
export const NEW_REQUEST_LIMITS = { name: 200, email: 254, subject: 300, text: 10_000 } as const;
/** How long a rendered form may be sent (its key and CSRF token carry the time it was made). */
const FORM_LIFETIME_MS = 24 * 3_600_000;

type FieldName = keyof typeof NEW_REQUEST_LIMITS;
interface FormValues {
  name: string;
  email: string;
  subject: string;
  text: string;
}

/**
 * The public "new request" form (`/requests/new`): a customer without a ticket writes to the desk.
 * It goes through the same intake core as mail and the API (routing rules, threading, dedupe,
 * the per-sender cap), keyed by a key made per rendered form so a double click or a resend opens
 * one ticket. Anyone can use it, so the answer is the same page whatever happened: it never says
 * whether the address already has tickets, and the number only travels by mail to the address.
 */
export function registerNewRequestForm(app: FastifyInstance, deps: WebDeps): void {
  const fallback = deps.config.languages.default;
  const review = new ReviewStore(deps.config.intake?.reviewDir ?? '.sopflow/intake-review');

  /** The page's language: `?lang=` when given (an unknown one is refused), else the browser's, else the default. */
  const languageOf = (request: FastifyRequest, reply: FastifyReply): Language | undefined => {
    const asked = (request.query as { lang?: unknown }).lang ?? (request.body as { lang?: unknown } | undefined)?.lang;
    if (asked === undefined || asked === '') return browserLanguage(request.headers['accept-language']) ?? fallback;
    const language = typeof asked === 'string' ? SUPPORTED_LANGUAGES.find((known) => known === asked) : undefined;
    if (!language) {
      sendBadRequest(reply, fallback, `unknown language '${String(asked)}'; use one of ${SUPPORTED_LANGUAGES.join(', ')}`);
      return undefined;
    }
    return language;
  };

  app.get('/requests/new', async (request, reply) => {
    if (!deps.intake) return sendNotFound(reply, fallback);
    const language = languageOf(request, reply);
    if (!language) return reply;
    return sendForm(reply, language, { name: '', email: '', subject: '', text: '' }, {});
  });

  app.post<{ Body: Record<string, unknown> }>('/requests/new', async (request, reply) => {
    const intake = deps.intake;
    if (!intake) return sendNotFound(reply, fallback);
    const language = languageOf(request, reply);
    if (!language) return reply;
    const body = request.body ?? {};
    const key = typeof body.key === 'string' ? body.key : '';
    if (!formKeyFresh(key, Date.now()) || !csrfValid(deps.secret, `new-request:${key}`, body._csrf)) {
      return sendBadRequest(reply, language, w(language, 'expired'), 403);
    }
    const values: FormValues = { name: field(body.name), email: field(body.email).toLowerCase(), subject: field(body.subject), text: field(body.text) };
    const problems = formProblems(values, language);
    // The same form again (its key and token), with what was typed and a message at each field.
    if (Object.keys(problems).length) return sendForm(reply.code(400), language, values, problems, key);
    const intakeRequest: IntakeRequest = {
      channel: 'web',
      key: `form:${key}`,
      customer: { id: values.email, email: values.email, name: values.name, language },
      sender: values.email,
      to: [],
      subject: values.subject,
      text: `${values.subject}\n\n${values.text}`,
      replyText: values.text,
      language,
      ...(ticketNumbersIn(values.subject)[0] ? { ticketNamed: ticketNumbersIn(values.subject)[0]! } : {}),
      attachments: [],
      skipped: [],
    };
    let outcome;
    try {
      outcome = await intake.receivePublic(intakeRequest);
    } catch (error) {
      if (error instanceof IntakeRetryLaterError) return sendUnavailable(reply, language);
      throw error;
    }
    if (outcome.kind === 'failed') return sendBadRequest(reply, language, `${w(language, 'notAccepted')}: ${outcome.reason}`, 422);
    if (outcome.kind === 'parked') review.keep('parked', Buffer.from(JSON.stringify({ ...intakeRequest, parkedBecause: outcome.reason }, null, 2)), outcome.reason);
    // Opened, joined an open ticket, or parked: one answer, so the page tells nothing about the address.
    return reply.redirect(`/requests/sent?lang=${language}`, 303);
  });

  app.get('/requests/sent', async (request, reply) => {
    if (!deps.intake) return sendNotFound(reply, fallback);
    const language = languageOf(request, reply);
    if (!language) return reply;
    const body = html`<h1>${w(language, 'sentTitle')}</h1>
<p class="notice" role="status" data-testid="request-sent">${w(language, 'sent')}</p>
<p><a href="/requests/new?lang=${language}">${w(language, 'another')}</a></p>`;
    return reply.type('text/html; charset=utf-8').send(page({ title: w(language, 'sentTitle'), language, body }).value);
  });

  function sendForm(reply: FastifyReply, language: Language, values: FormValues, problems: Partial<Record<FieldName, string>>, key = newFormKey(Date.now())): FastifyReply {
    const input = (name: FieldName, type: 'text' | 'email', autocomplete: string): SafeHtml => html`<label for="${name}">${w(language, name)}</label>
  <input type="${type}" id="${name}" name="${name}" value="${values[name]}" required maxlength="${NEW_REQUEST_LIMITS[name]}" autocomplete="${autocomplete}"${problems[name] ? html` aria-invalid="true" aria-describedby="${name}-problem"` : ''}>
  ${problems[name] ? html`<p class="refusal" id="${name}-problem" data-testid="problem-${name}">${problems[name]}</p>` : ''}`;
    const body = html`<nav class="muted languages">${SUPPORTED_LANGUAGES.map((other) => html`<a href="/requests/new?lang=${other}" lang="${other}"${other === language ? html` aria-current="page"` : ''}>${other.toUpperCase()}</a> `)}</nav>
<h1>${w(language, 'title')}</h1>
<p>${w(language, 'intro')}</p>
${Object.keys(problems).length ? html`<p class="refusal" role="alert">${w(language, 'fixBelow')}</p>` : ''}
<form method="post" action="/requests/new" class="stack" data-testid="new-request">
  <input type="hidden" name="_csrf" value="${csrfToken(deps.secret, `new-request:${key}`)}">
  <input type="hidden" name="key" value="${key}">
  <input type="hidden" name="lang" value="${language}">
  ${input('name', 'text', 'name')}
  ${input('email', 'email', 'email')}
  ${input('subject', 'text', 'off')}
  <label for="text">${w(language, 'text')}</label>
  <textarea id="text" name="text" required maxlength="${NEW_REQUEST_LIMITS.text}"${problems.text ? html` aria-invalid="true" aria-describedby="text-problem"` : ''}>${values.text}</textarea>
  ${problems.text ? html`<p class="refusal" id="text-problem" data-testid="problem-text">${problems.text}</p>` : ''}
  <div><button type="submit" class="primary">${w(language, 'send')}</button></div>
</form>`;
    return reply.type('text/html; charset=utf-8').send(page({ title: w(language, 'title'), language, body }).value);
  }
}

/** A form key: when the form was made (base 36 ms) and 12 random bytes; the dedupe key of what it sends. */
export function newFormKey(now: number): string {
  return `${now.toString(36)}-${randomBytes(12).toString('base64url')}`;
}

/** True for a key `newFormKey` made within the form's lifetime (its CSRF token proves we made it). */
export function formKeyFresh(key: string, now: number): boolean {
  const match = /^([0-9a-z]{1,11})-[A-Za-z0-9_-]{16}$/.exec(key);
  if (!match) return false;
  const made = parseInt(match[1]!, 36);
  return made <= now + 60_000 && now - made <= FORM_LIFETIME_MS;
}

/** What is wrong with each field, in the page's language; empty when all is well. */
export function formProblems(values: FormValues, language: Language): Partial<Record<FieldName, string>> {
  const problems: Partial<Record<FieldName, string>> = {};
  for (const name of Object.keys(NEW_REQUEST_LIMITS) as FieldName[]) {
    if (values[name] === '') problems[name] = w(language, 'required');
    else if (values[name].length > NEW_REQUEST_LIMITS[name]) problems[name] = w(language, 'tooLong', { max: NEW_REQUEST_LIMITS[name] });
  }
  // The intake API's rule for an address (zod's), so the form accepts what the API accepts.
  if (!problems.email && !z.email().safeParse(values.email).success) problems.email = w(language, 'badEmail');
  return problems;
}

function field(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** The first supported language of an Accept-Language header. */
function browserLanguage(header: string | undefined): Language | undefined {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase().split('-')[0];
    const found = SUPPORTED_LANGUAGES.find((known) => known === tag);
    if (found) return found;
  }
  return undefined;
}
