import type { FastifyReply } from 'fastify';
import type { Language } from '../config/schema';
import { SopflowError } from '../errors/sopflow-error';
import { html } from './views/html';
import { t } from './views/i18n';
import { page } from './views/layout';

/**
 * The one "not found" page: unknown tickets, wrong tokens and missing tokens all get exactly
 * this, so a stranger cannot even learn whether a ticket number exists.
 */
export function sendNotFound(reply: FastifyReply, language: Language): FastifyReply {
  const body = html`<h1>${t(language, 'notFoundTitle')}</h1><p>${t(language, 'notFound')}</p>`;
  return reply.code(404).type('text/html; charset=utf-8').send(page({ title: t(language, 'notFoundTitle'), language, body }).value);
}

/** Temporal (or a worker) is not answering: say so, and let the page retry by itself. */
export function sendUnavailable(reply: FastifyReply, language: Language): FastifyReply {
  const body = html`<h1>${t(language, 'unavailableTitle')}</h1><p data-retry-after="5">${t(language, 'unavailable')}</p>`;
  return reply.code(503).header('retry-after', '5').type('text/html; charset=utf-8').send(page({ title: t(language, 'unavailableTitle'), language, body }).value);
}

/** Bad input: a clear message, nothing changed. */
export function sendBadRequest(reply: FastifyReply, language: Language, message: string, code = 400): FastifyReply {
  const body = html`<h1>${t(language, 'badRequestTitle')}</h1><p class="refusal">${message}</p>`;
  return reply.code(code).type('text/html; charset=utf-8').send(page({ title: t(language, 'badRequestTitle'), language, body }).value);
}

/** True when an error means Temporal or the ticket's worker could not be reached. */
export function isUnavailable(error: unknown): boolean {
  if (error instanceof SopflowError) return error.code === 'NO_WORKER' || error.code === 'TEMPORAL_ERROR' || error.code === 'TEMPORAL_UNREACHABLE';
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /unavailable|ECONNREFUSED|deadline|connect|transport/i.test(text);
}

/** True when a client error means the ticket does not exist. */
export function isNotFound(error: unknown): boolean {
  return error instanceof SopflowError && error.code === 'TICKET_NOT_FOUND';
}
