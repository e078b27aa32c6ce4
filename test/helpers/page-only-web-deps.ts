import type { SopflowConfig } from '../../src/config/schema';
import { TemplateStore } from '../../src/notify/templates/template-store';
import type { WebDeps } from '../../src/web/web-deps';

/**
 * The parts of a web server that a test or bench of pages does not exercise: nobody is absent,
 * every sign-in link is valid and no mail leaves. Tickets, flows, config and secret stay the
 * caller's, so the pages and the live poller run for real.
 */
export function pageOnlyWebDeps(config: SopflowConfig): Pick<WebDeps, 'directory' | 'signIns' | 'mailer' | 'templates'> {
  return {
    directory: { view: async () => ({ absences: [], queued: {} }), markAbsent: async () => undefined },
    signIns: { redeem: async () => true },
    mailer: { send: async () => undefined },
    templates: new TemplateStore(config.notify.templatesDir),
  };
}
