import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SopflowConfig } from '../config/schema';
import { findAgent } from '../notify/agent-directory';
import { csrfToken, csrfValid } from './auth/csrf';
import { readSignInToken, signInToken } from './auth/sign-in-link';
import { sessionCookieValue, SESSION_COOKIE, SESSION_MS } from './auth/session';
import { agentLanguage, requireAgent } from './agent-session';
import { sendBadRequest } from './error-pages';
import { html } from './views/html';
import type { SafeHtml } from './views/html';
import { t } from './views/i18n';
import { page } from './views/layout';
import type { WebDeps } from './web-deps';

/** Cookie that binds the anonymous sign-in form's CSRF token to this browser. */
const PRE_COOKIE = 'sopflow_pre';

/** The link that signs an agent in: mailed to them, or printed by the embedded default; `next` is the page it opens. */
export function signInUrl(config: SopflowConfig, secret: string, agent: string, now = Date.now(), next?: string): string {
  const base = `${config.web.baseUrl.replace(/\/+$/, '')}/agent/sign-in/${encodeURIComponent(signInToken(secret, agent, now))}`;
  return next ? `${base}?next=${encodeURIComponent(next)}` : base;
}

/** A page of this site to go to after sign-in; anything else (another host, `//x`) becomes /agent. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/agent';
}

/**
 * Sign-in without passwords: an agent asks for a link, it is mailed to the address in the
 * pools of `sopflow.config.yaml`, and works once within 15 minutes. Opening the link shows a
 * button; only pressing it uses the link up (mail scanners that fetch links cannot burn it).
 */
export function registerAgentSignIn(app: FastifyInstance, deps: WebDeps): void {
  const now = deps.now ?? Date.now;
  const language = deps.config.languages.default;
  const secure = deps.config.web.baseUrl.startsWith('https:');
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict' as const, secure };
  const send = (reply: FastifyReply, title: string, body: SafeHtml, code = 200) =>
    reply.code(code).type('text/html; charset=utf-8').send(page({ title, language, body }).value);

  app.get<{ Querystring: { next?: string } }>('/agent/sign-in', async (request, reply) => {
    let pre = request.cookies[PRE_COOKIE];
    if (!pre || !/^[A-Za-z0-9_-]{16,}$/.test(pre)) {
      pre = randomBytes(16).toString('base64url');
      void reply.setCookie(PRE_COOKIE, pre, { ...cookieOptions, maxAge: 3600 });
    }
    return send(
      reply,
      t(language, 'signIn'),
      html`<h1>${t(language, 'signIn')}</h1><p>${t(language, 'signInIntro')}</p>
<form method="post" action="/agent/sign-in" class="stack">
  <input type="hidden" name="_csrf" value="${csrfToken(deps.secret, `pre:${pre}`)}">
  <input type="hidden" name="next" value="${safeNext(request.query.next)}">
  <label for="who">${t(language, 'agentOrEmail')}</label>
  <input type="text" id="who" name="who" required autocomplete="username">
  <div><button type="submit" class="primary">${t(language, 'signIn')}</button></div>
</form>`,
    );
  });

  app.post<{ Body: Record<string, unknown> }>('/agent/sign-in', async (request, reply) => {
    if (!csrfValid(deps.secret, `pre:${request.cookies[PRE_COOKIE] ?? ''}`, request.body?._csrf)) {
      return sendBadRequest(reply, language, 'refused: the form carries no valid CSRF token (reload the page and send again)', 403);
    }
    const who = typeof request.body?.who === 'string' ? request.body.who.trim() : '';
    const agent = who ? findAgent(deps.config, who) : undefined;
    if (agent) {
      const link = signInUrl(deps.config, deps.secret, agent.id, now(), safeNext(request.body?.next));
      const agentWords = agentLanguage(agent, language);
      await deps.mailer.send({
        to: agent.email,
        subject: `${t(agentWords, 'signIn')}: sopflow`,
        text: `${t(agentWords, 'signIn')}:\n\n${link}\n\n${t(agentWords, 'signInIntro')}\n`,
        language: agentWords,
        key: `sign-in:${link.slice(-24)}`,
      });
    }
    // The same answer whether or not the address is an agent's: nobody learns who works here.
    return send(reply, t(language, 'signIn'), html`<h1>${t(language, 'signIn')}</h1><p class="notice" role="status">${t(language, 'signInSent')}</p>`);
  });

  app.get<{ Params: { token: string }; Querystring: { next?: string } }>('/agent/sign-in/:token', async (request, reply) => {
    const claim = readSignInToken(deps.secret, request.params.token, now());
    if (!claim) return send(reply, t(language, 'signIn'), html`<h1>${t(language, 'signIn')}</h1><p class="refusal">${t(language, 'signInInvalid')}</p><p><a href="/agent/sign-in">${t(language, 'signIn')}</a></p>`, 410);
    const agent = findAgent(deps.config, claim.agent);
    return send(
      reply,
      t(language, 'signIn'),
      html`<h1>${t(language, 'signIn')}</h1><p>${agent?.name ?? claim.agent}</p>
<form method="post" action="/agent/sign-in/${request.params.token}?next=${encodeURIComponent(safeNext(request.query.next))}" class="stack">
  <input type="hidden" name="_csrf" value="${csrfToken(deps.secret, `sign-in:${claim.id}`)}">
  <div><button type="submit" class="primary">${t(language, 'signIn')}</button></div>
</form>`,
    );
  });

  app.post<{ Params: { token: string }; Querystring: { next?: string }; Body: Record<string, unknown> }>('/agent/sign-in/:token', async (request, reply) => {
    const claim = readSignInToken(deps.secret, request.params.token, now());
    const invalid = () => send(reply, t(language, 'signIn'), html`<h1>${t(language, 'signIn')}</h1><p class="refusal">${t(language, 'signInInvalid')}</p><p><a href="/agent/sign-in">${t(language, 'signIn')}</a></p>`, 410);
    if (!claim || !findAgent(deps.config, claim.agent)) return invalid();
    if (!csrfValid(deps.secret, `sign-in:${claim.id}`, request.body?._csrf)) {
      return sendBadRequest(reply, language, 'refused: the form carries no valid CSRF token (open the link again)', 403);
    }
    if (!(await deps.signIns.redeem(claim.id, claim.validUntil))) return invalid();
    void reply.setCookie(SESSION_COOKIE, sessionCookieValue(deps.secret, claim.agent, now()), { ...cookieOptions, maxAge: SESSION_MS / 1000 });
    return reply.redirect(safeNext(request.query.next), 303);
  });

  app.post<{ Body: Record<string, unknown> }>('/agent/sign-out', async (request, reply) => {
    if (!requireAgent(deps, request, reply)) return reply;
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/agent/sign-in', 303);
  });
}
