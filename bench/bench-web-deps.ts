import type { TicketClient } from '../src/client/ticket-client';
import type { SopflowConfig } from '../src/config/schema';
import type { FlowCatalog } from '../src/runtime/flow-catalog';
import { sessionCookieValue, SESSION_COOKIE } from '../src/web/auth/session';
import type { WebDeps } from '../src/web/web-deps';
import { pageOnlyWebDeps } from '../test/helpers/page-only-web-deps';

/** The web server's secret in the benches; never a real one. */
export const BENCH_WEB_SECRET = 'bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

/**
 * A web server's parts for a bench that measures pages: real tickets, flows, config and
 * templates, with no one absent, sign-ins always valid and no mail sent, so only the pages cost.
 */
export function benchWebDeps(parts: { tickets: TicketClient; catalog: FlowCatalog; config: SopflowConfig; pollMs: number }): WebDeps {
  return {
    ...parts,
    secret: BENCH_WEB_SECRET,
    ...pageOnlyWebDeps(parts.config),
  };
}

/** A signed-in agent's session cookie for the bench's web server. */
export function benchSessionCookie(agent = 'a.schmidt'): string {
  return `${SESSION_COOKIE}=${sessionCookieValue(BENCH_WEB_SECRET, agent, Date.now())}`;
}
