import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { simpleParser } from 'mailparser';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { postgresArchive } from '../../src/archive';
import type { ArchiveStore } from '../../src/archive';
import { loadConfig } from '../../src/config';
import { createWebRuntime } from '../../src/runtime/web-runtime';
import { ensureChromium, freePort, startPostgresServer } from '../../src/servers';
import type { PostgresServerHandle } from '../../src/servers';
import type { WebApp } from '../../src/web/app';
import type { WebDeps } from '../../src/web/web-deps';
import { E2eStack } from './e2e-stack';

/** Where every run's screenshots go (ignored by git); `SOPFLOW_DOCS_SCREENSHOTS=1` also refreshes docs/. */
export const SCREENSHOT_DIR = resolve(__dirname, '../../test-results/web');
/** The screenshots the README shows: the name a test saves under, and the docs/ file (web-<name>.png) it refreshes. */
const DOC_SCREENSHOTS: Record<string, string> = { portal: 'portal', ticket: 'ticket', 'dashboard-charts': 'dashboard', 'flow-figures': 'flow' };

/**
 * The browser tests' world: the dev server, the SMTP sink and a worker process (E2eStack),
 * the web server in this process on a free port (built by the same wiring as `sopflow serve`),
 * the ticket archive on a PostgreSQL server that worker and web server share (as on a
 * cluster: the embedded one has one process at a time), and the system Chromium driven by
 * playwright-core.
 */
export class WebStack {
  readonly stack = new E2eStack();
  web!: WebApp & { deps: WebDeps };
  baseUrl = '';
  browser!: Browser;
  /** The archive worker and web server share; tests may write records of their own into it. */
  archive!: ArchiveStore;
  private database: PostgresServerHandle | undefined;
  private client!: Client;

  async start(): Promise<void> {
    const executablePath = await ensureChromium();
    await this.stack.start();
    const port = await freePort();
    this.baseUrl = `http://localhost:${port}`;
    // Worker and web server must agree on the secret and on where links point.
    process.env.SOPFLOW_WEB_SECRET = 'browser-test-secret-0123456789-abcdefghijklmnop';
    process.env.SOPFLOW_WEB_URL = this.baseUrl;
    process.env.SOPFLOW_SMTP_PORT = String(this.stack.mail.port);
    process.env.SOPFLOW_TASK_QUEUE = this.stack.taskQueue;
    this.database = await startPostgresServer();
    this.archive = postgresArchive(this.database.url);
    // Only for the worker's environment: other test files of the run keep their own archive.
    const previousUrl = process.env.SOPFLOW_DATABASE_URL;
    process.env.SOPFLOW_DATABASE_URL = this.database.url;
    try {
      await this.stack.startWorker();
    } finally {
      if (previousUrl === undefined) delete process.env.SOPFLOW_DATABASE_URL;
      else process.env.SOPFLOW_DATABASE_URL = previousUrl;
    }
    const connection = await Connection.connect({ address: this.stack.server.address });
    this.client = new Client({ connection, namespace: 'default' });
    this.web = await createWebRuntime({ client: this.client, config: loadConfig('sopflow.config.yaml'), pollMs: 500, archive: this.archive });
    await this.web.app.listen({ host: '127.0.0.1', port });
    this.browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
  }

  async stop(): Promise<void> {
    await this.browser?.close();
    await this.web?.app.close();
    // The connection stays open: a call the page's poller or an SSE refresh left in the Temporal
    // client's retry backoff would, on a closed channel, throw "Channel has been shut down" from
    // the client's own retry timer, uncaught, into whichever test runs next. On an open channel
    // it fails against the stopped server and is rejected to its caller, which handles it.
    await this.stack.stop();
    await this.archive?.close();
    await this.database?.destroy();
  }

  /** A fresh browser context (no cookies) with a page that fails the test on a CSP violation or a page error. */
  async page(): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
    const context = await this.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    return { context, page, problems };
  }

  /** Saves a screenshot under test-results/web, and the README's four under docs/ when asked to refresh them. */
  async screenshot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
    const doc = DOC_SCREENSHOTS[name];
    if (process.env.SOPFLOW_DOCS_SCREENSHOTS === '1' && doc) await page.screenshot({ path: resolve(__dirname, '../../docs', `web-${doc}.png`), fullPage: true });
  }

  /** The plain-text body of the latest mail to `to` whose subject matches, waiting for it. */
  async mailTo(to: string, subject: RegExp, timeoutMs = 30_000): Promise<{ subject: string; text: string }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mail = [...this.stack.mail.mails].reverse().find((candidate) => candidate.to.includes(to) && subject.test(candidate.subject));
      if (mail) {
        const parsed = await simpleParser(mail.raw);
        return { subject: parsed.subject ?? '', text: parsed.text ?? '' };
      }
      if (Date.now() > deadline) throw new Error(`no mail to ${to} matching ${subject} within ${timeoutMs} ms; got: ${this.stack.mail.mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`);
      await new Promise((done) => setTimeout(done, 200));
    }
  }
}

/** The first link in a text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const match = text.match(/https?:\/\/\S+/g)?.find((link) => link.startsWith(prefix));
  if (!match) throw new Error(`no link starting with ${prefix} in:\n${text}`);
  return match;
}
