import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AgentConfig, Language } from '../config/schema';
import { findAgent } from '../notify/agent-directory';
import { csrfToken, csrfValid } from './auth/csrf';
import { readSession, SESSION_COOKIE } from './auth/session';
import type { Session } from './auth/session';
import { sendBadRequest } from './error-pages';
import { pageLanguage } from './views/i18n';
import type { WebDeps } from './web-deps';

/** A signed-in agent as the pages need them. */
export interface AgentContext {
  session: Session;
  agent: AgentConfig;
  language: Language;
  /** The CSRF token every form of this session carries. */
  csrf: string;
}

/** The agent's page language: their first `language:` skill, else the desk's default. */
export function agentLanguage(agent: AgentConfig, fallback: Language): Language {
  const skill = agent.skills.find((name) => name.startsWith('language:'));
  return pageLanguage(skill?.slice('language:'.length), fallback);
}

/**
 * The signed-in agent, or an answer that says why not: a page asks for sign-in, a form post
 * without a valid CSRF token is refused (403) and changes nothing.
 */
export function requireAgent(deps: WebDeps, request: FastifyRequest, reply: FastifyReply): AgentContext | undefined {
  const now = (deps.now ?? Date.now)();
  const session = readSession(deps.secret, request.cookies[SESSION_COOKIE], now);
  const agent = session ? findAgent(deps.config, session.agent) : undefined;
  if (!session || !agent) {
    if (request.method === 'GET' && !request.headers['hx-request']) {
      void reply.redirect(`/agent/sign-in?next=${encodeURIComponent(request.url)}`, 303);
    } else {
      void sendBadRequest(reply, deps.config.languages.default, 'not signed in (or the session expired); sign in again', 401);
    }
    return undefined;
  }
  const language = agentLanguage(agent, deps.config.languages.default);
  const context: AgentContext = { session, agent, language, csrf: csrfToken(deps.secret, `session:${session.id}`) };
  if (request.method !== 'GET') {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const given = body._csrf ?? request.headers['x-csrf-token'];
    if (!csrfValid(deps.secret, `session:${session.id}`, given)) {
      void sendBadRequest(reply, language, 'refused: the form carries no valid CSRF token (reload the page and send again); nothing was changed', 403);
      return undefined;
    }
  }
  return context;
}
