import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { registerAgentPages } from './agent';
import { registerAgentSignIn } from './agent-sign-in';
import { registerAssets } from './assets';
import { ClosedFiguresReader } from './closed-figures-reader';
import { registerDashboard } from './dashboard';
import { isUnavailable, sendBadRequest, sendNotFound, sendUnavailable } from './error-pages';
import { registerFlowPages } from './flows';
import { LiveHub } from './live/live-hub';
import { registerNewRequestForm } from './new-request';
import { registerPortal } from './portal';
import { registerSecurityHeaders } from './security-headers';
import type { WebDeps } from './web-deps';

/** Largest request body accepted (forms and the intake API): bigger ones get a clear 413. */
export const BODY_LIMIT_BYTES = 256 * 1024;

/** The server and what it runs besides routes (the shared poller), for the caller to close. */
export interface WebApp {
  app: FastifyInstance;
  live: LiveHub;
}

/**
 * Builds the web server from its dependencies: portal, agent workspace, dashboard, flow pages,
 * then any extra plugins (`deps.plugins`, e.g. the intake API). Nothing listens until the
 * caller says so; tests call `app.inject()`.
 */
export async function buildWebApp(deps: WebDeps): Promise<WebApp> {
  const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES, trustProxy: true });
  const https = deps.config.web.baseUrl.startsWith('https:');
  registerSecurityHeaders(app, { https });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  const live = new LiveHub(deps);
  app.addHook('onClose', async () => live.close());

  app.setNotFoundHandler((_request, reply) => sendNotFound(reply, deps.config.languages.default));
  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    const language = deps.config.languages.default;
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendBadRequest(reply, language, `the request is larger than ${BODY_LIMIT_BYTES / 1024} KiB`, 413);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) return sendBadRequest(reply, language, error.message, error.statusCode);
    if (isUnavailable(error)) return sendUnavailable(reply, language);
    app.log.error(error);
    return reply.code(500).type('text/plain; charset=utf-8').send('internal error');
  });

  registerAssets(app);
  app.get('/', async (_request, reply) => reply.redirect('/dashboard', 302));
  registerPortal(app, deps, live);
  registerNewRequestForm(app, deps);
  registerAgentSignIn(app, deps);
  registerAgentPages(app, deps, live);
  // One reader of the archive's figures for the dashboard and every flow page.
  const closedFigures = deps.archive ? new ClosedFiguresReader(deps.archive, deps.now) : undefined;
  registerDashboard(app, deps, live, closedFigures);
  registerFlowPages(app, deps, live, closedFigures);
  for (const extra of deps.plugins ?? []) await app.register(extra.plugin, extra.options ?? {});
  return { app, live };
}
