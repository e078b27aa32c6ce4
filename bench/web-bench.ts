import { request } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { TypedSearchAttributes } from '@temporalio/common';
import type { SearchAttributePair } from '@temporalio/common';
import { TicketClient } from '../src/client/ticket-client';
import { parseConfig } from '../src/config/load-config';
import { loadFlowCatalog } from '../src/runtime/flow-catalog';
import { freePort, startDevServer } from '../src/servers';
import { ticketSearchAttributePairs, ticketSearchAttributeTypes } from '../src/ticket/search-attributes';
import { buildWebApp } from '../src/web/app';
import type { WebApp } from '../src/web/app';
import type { PollCost } from '../src/web/live/live-hub';
import { benchSessionCookie, benchWebDeps } from './bench-web-deps';
import { integerOption } from './bench-options';
import { emitJson } from './json-output';

/** Server time a dashboard or queue page may take, whatever the number of open tickets. */
export const WEB_RENDER_TARGET_MS = 2000;
/** p99 from a change in Temporal to every connected viewer holding the new figures. */
export const WEB_SSE_TARGET_MS = 2000;

/** Open tickets of a default run (`--tickets N` or SOPFLOW_BENCH_WEB_TICKETS for another size, e.g. 10,000). */
const DEFAULT_OPEN_TICKETS = 2000;
const VIEWERS = 50;
const CHANGES = 12;
const POLL_MS = 1000;
/** Tickets started at once while filling the dev server. */
const START_CONCURRENCY = 64;
/** How long ago the filled tickets last changed: older than the poller's delta overlap, as most open tickets are. */
const FILLED_CHANGED_AGO_MS = 10 * 60_000;

/**
 * The web server's poller and pages against the dev server's real visibility with N open
 * tickets (default 2,000, about a minute of filling; `--tickets 10000`). The tickets are workflows of the ticket type with
 * every search attribute set at start and no worker (a worker is not what is measured here, and
 * 10,000 real tickets take minutes to open): visibility holds and answers exactly what it would
 * for real ones. Printed: the full load at start (what every poll cost before the delta reads),
 * the cost of one poll (time, visibility calls, rows) with N open, the dashboard's and queue's
 * server time from memory, a change made by another client (a ticket opened or closed) reaching
 * 50 SSE viewers (event + fragment fetch), and the server's RSS; with the load average.
 */
export async function runWebBench(): Promise<void> {
  const openTickets = integerOption('--tickets', 'SOPFLOW_BENCH_WEB_TICKETS', DEFAULT_OPEN_TICKETS);
  const catalog = loadFlowCatalog('flows');
  const config = parseConfig(readFileSync('sopflow.config.yaml', 'utf8'), 'sopflow.config.yaml', { SOPFLOW_SMTP_PORT: '2525' }, process.cwd());
  const dataDir = mkdtempSync(join(tmpdir(), 'sopflow-web-bench-'));
  const server = await startDevServer({ dataDir: join(dataDir, 'temporal'), port: 0, uiPort: 0, searchAttributes: ticketSearchAttributeTypes });
  const connection = await Connection.connect({ address: server.address });
  let web: WebApp | undefined;
  const viewers: Viewer[] = [];
  try {
    const client = new Client({ connection, namespace: 'default' });
    const tickets = new TicketClient(client, catalog);
    const flows = catalog.flows().map((flow) => ({ id: flow.id, version: flow.version, states: Object.values(flow.states).filter((state) => state.kind !== 'final') }));
    const stub = stubTickets(client, flows);
    const filled = performance.now();
    await stub.start(openTickets, FILLED_CHANGED_AGO_MS);
    console.log(`web: ${openTickets} open tickets started on the dev server (no worker) in ${((performance.now() - filled) / 1000).toFixed(1)} s (${load()})`);

    web = await buildWebApp(benchWebDeps({ tickets, catalog, config, pollMs: POLL_MS }));
    const cookie = benchSessionCookie();
    const rssBefore = process.memoryUsage().rss;

    // The full load at start: every open ticket, paged; before the delta reads every poll cost this.
    const loaded = await web.live.settled();
    if (loaded.error) throw new Error(`the first read failed: ${loaded.error}`);
    if (loaded.open.length !== openTickets) throw new Error(`the full load found ${loaded.open.length} of ${openTickets} open tickets`);
    const full = web.live.lastFullLoad!;
    console.log(`web: full load of ${loaded.open.length} open tickets: ${full.ms.toFixed(0)} ms, ${full.calls} visibility calls (once at start and on a re-sync; before this change every poll cost this) (${load()})`);

    // Idle polls: nothing changed, so each is one delta call returning no rows.
    const idle: PollCost[] = [];
    for (let i = 0; i < 5; i++) {
      await sleep(POLL_MS);
      await web.live.visibility();
      if (web.live.lastRead) idle.push(web.live.lastRead);
    }
    printPolls('idle polls', idle, openTickets);

    // Pages, from memory.
    const renders: Record<string, number> = {};
    for (const url of ['/dashboard', '/agent/queue', '/agent/queue?tier=L2&page=3', '/agent/queue?priority=P2&page=9999', '/agent', '/flows/password-reset']) {
      const times = await timeInject(web, url, cookie, 10);
      renders[url] = times.p50;
      console.log(
        `web: ${url} with ${openTickets} open tickets: ${times.p50.toFixed(1)} ms server time (median of ${times.runs}, max ${times.max.toFixed(1)} ms, ${Math.round(times.bytes / 1024)} KiB); ` +
          `target < ${WEB_RENDER_TARGET_MS} ms: ${(times.max / WEB_RENDER_TARGET_MS).toFixed(4)}× the target, ${times.max < WEB_RENDER_TARGET_MS ? 'ok' : 'TOO SLOW'}`,
      );
    }
    await web.app.close();

    // SSE: 50 viewers on a listening server polling every second; another client opens or closes a ticket.
    web = await buildWebApp(benchWebDeps({ tickets, catalog, config, pollMs: POLL_MS }));
    const port = await freePort();
    await web.app.listen({ host: '127.0.0.1', port });
    await web.live.settled();
    for (let i = 0; i < VIEWERS; i++) viewers.push(await openStream(port, '/live/dashboard', cookie));
    const polls: PollCost[] = [];
    let seen: PollCost | undefined = web.live.lastRead;
    const sampler = setInterval(() => {
      const last = web?.live.lastRead;
      if (last && last !== seen) polls.push((seen = last));
    }, 50);
    const latencies: number[] = [];
    for (let change = 0; change < CHANGES; change++) {
      await sleep(300 + Math.random() * 700);
      const arrivals = viewers.map((viewer) => {
        viewer.reset();
        return viewer.next();
      });
      const changedAt = performance.now();
      if (change % 2 === 0) await stub.start(1);
      else await stub.closeOne();
      const reached = arrivals.map(async (arrival) => {
        await arrival;
        await fetchFragment(port, '/dashboard/fragment', cookie);
        return performance.now() - changedAt;
      });
      latencies.push(...(await Promise.all(reached)));
    }
    clearInterval(sampler);
    latencies.sort((a, b) => a - b);
    const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1]!;
    const p50 = latencies[Math.floor(latencies.length / 2)]!;
    console.log(
      `web: a change by another client (ticket opened or closed in Temporal) reached all ${VIEWERS} SSE viewers (event + fragment fetch) in p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms over ${CHANGES} changes (poll interval ${POLL_MS} ms); ` +
        `target p99 < ${WEB_SSE_TARGET_MS} ms: ${(p99 / WEB_SSE_TARGET_MS).toFixed(2)}× the target, ${p99 < WEB_SSE_TARGET_MS ? 'ok' : 'TOO SLOW'} (${load()})`,
    );
    printPolls('polls while changing', polls, openTickets);
    // A re-sync runs beside the deltas: a change made while it pages must still arrive in time.
    const resyncs = web.live.fullLoads;
    const resyncLatencies: number[] = [];
    web.live.requestResync();
    for (let change = 0; change < 3; change++) {
      await sleep(1200);
      const arrivals = viewers.map((viewer) => {
        viewer.reset();
        return viewer.next();
      });
      const changedAt = performance.now();
      await stub.start(1);
      await Promise.all(arrivals);
      resyncLatencies.push(performance.now() - changedAt);
    }
    await web.live.settled();
    console.log(
      `web: during a re-sync of ${openTickets} tickets (${web.live.fullLoads - resyncs} full load beside the deltas, ${web.live.lastFullLoad!.ms.toFixed(0)} ms): changes reached the viewers in ${resyncLatencies.map((ms) => ms.toFixed(0)).join(', ')} ms (${load()})`,
    );
    const rss = process.memoryUsage().rss;
    console.log(`web: RSS ${(rss / 1024 / 1024).toFixed(0)} MiB with ${openTickets} tickets in the index (${((rss - rssBefore) / 1024 / 1024).toFixed(0)} MiB more than after filling the dev server)`);
    const deltas = [...idle, ...polls].filter((poll) => poll.kind === 'delta');
    emitJson({
      bench: 'web',
      openTickets,
      fullLoadMs: Math.round(full.ms),
      fullLoadCalls: full.calls,
      pollP50Ms: Math.round(percentile(deltas.map((poll) => poll.ms), 50)),
      pollMaxCalls: Math.max(...deltas.map((poll) => poll.calls)),
      dashboardMs: renders['/dashboard'],
      queueMs: renders['/agent/queue'],
      sseP99Ms: Math.round(p99),
      rssMb: Math.round(rss / 1024 / 1024),
      load1: loadavg()[0],
    });
  } finally {
    for (const viewer of viewers) viewer.close();
    await web?.app.close();
    await connection.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printPolls(what: string, polls: PollCost[], openTickets: number): void {
  const deltas = polls.filter((poll) => poll.kind === 'delta');
  if (deltas.length === 0) {
    console.log(`web: ${what}: no delta poll recorded`);
    return;
  }
  const times = deltas.map((poll) => poll.ms);
  console.log(
    `web: ${what} with ${openTickets} open: ${deltas.length} delta polls, p50 ${percentile(times, 50).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms, ` +
      `${Math.min(...deltas.map((poll) => poll.calls))}-${Math.max(...deltas.map((poll) => poll.calls))} visibility calls and at most ${Math.max(...deltas.map((poll) => poll.rows))} rows each` +
      `${polls.length > deltas.length ? `; ${polls.length - deltas.length} full re-syncs` : ''} (${load()})`,
  );
}

/**
 * Stub tickets: workflows of the ticket type on a task queue no worker polls, with the search
 * attributes a ticket has, spread over flows, states, tiers, priorities, owners and SLA states.
 */
function stubTickets(client: Client, flows: Array<{ id: string; version: number; states: Array<{ name: string; tier?: string | undefined }> }>) {
  const agents = ['a.schmidt', 'j.weber', 'l.fischer', 'k.becker', 't.wagner', 's.hoffmann'];
  const sla = ['ok', 'ok', 'ok', 'warning', 'breached', 'paused'];
  const started: string[] = [];
  let next = 0;
  const startOne = async (changedAgoMs: number): Promise<void> => {
    const i = next++;
    const flow = flows[i % flows.length]!;
    const state = flow.states[i % flow.states.length]!;
    const number = `SOP-261201-B${String(i).padStart(6, '0')}`;
    const now = Date.now();
    await client.workflow.start('ticketWorkflow', {
      workflowId: number,
      taskQueue: 'sopflow-web-bench-no-worker',
      args: [{}],
      typedSearchAttributes: new TypedSearchAttributes(
        ticketSearchAttributePairs({
          flow: flow.id,
          flowVersion: flow.version,
          state: state.name,
          ...(state.tier ? { tier: state.tier } : {}),
          priority: `P${1 + (i % 4)}`,
          ...(i % 7 === 0 ? {} : { assignee: agents[i % agents.length]! }),
          customer: `C-${i}`,
          topic: flow.id,
          slaStatus: sla[i % sla.length]!,
          dueAt: new Date(now + ((i * 7919) % 10_000) * 60_000),
          changedAt: new Date(now - changedAgoMs),
        }) as SearchAttributePair[],
      ),
    });
    started.push(number);
  };
  return {
    async start(count: number, changedAgoMs = 0): Promise<void> {
      let left = count;
      await Promise.all(
        Array.from({ length: Math.min(START_CONCURRENCY, count) }, async () => {
          while (left > 0) {
            left -= 1;
            await startOne(changedAgoMs);
          }
        }),
      );
    },
    async closeOne(): Promise<void> {
      const number = started.shift();
      if (number) await client.workflow.getHandle(number).terminate('web bench: closed');
    },
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function load(): string {
  return `load ${loadavg().map((value) => value.toFixed(2)).join(' ')}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

async function timeInject(web: WebApp, url: string, cookie: string, runs: number): Promise<{ p50: number; max: number; runs: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs + 2; i++) {
    const began = performance.now();
    const response = await web.app.inject({ url, headers: { cookie } });
    if (response.statusCode !== 200) throw new Error(`${url} answered ${response.statusCode}`);
    bytes = response.body.length;
    if (i >= 2) times.push(performance.now() - began);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(times.length / 2)]!, max: times[times.length - 1]!, runs, bytes };
}

/** One SSE viewer: `next()` resolves at the next `changed` event. */
interface Viewer {
  next: () => Promise<void>;
  /** Forgets events that came before now. */
  reset: () => void;
  close: () => void;
}

function openStream(port: number, path: string, cookie: string): Promise<Viewer> {
  return new Promise((ready, fail) => {
    const waiting: Array<() => void> = [];
    let pending = 0;
    const req = request({ host: '127.0.0.1', port, path, headers: { cookie, accept: 'text/event-stream' } }, (response: IncomingMessage) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        const events = chunk.split('event: changed').length - 1;
        for (let i = 0; i < events; i++) {
          const waiter = waiting.shift();
          if (waiter) waiter();
          else pending += 1;
        }
      });
      ready({
        next: () =>
          new Promise<void>((done) => {
            if (pending > 0) {
              pending = 0;
              done();
            } else waiting.push(done);
          }),
        reset: () => {
          pending = 0;
        },
        close: () => req.destroy(),
      });
    });
    req.on('error', fail);
    req.end();
  });
}

function fetchFragment(port: number, path: string, cookie: string): Promise<void> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { cookie } }, (response) => {
      response.resume();
      response.on('end', () => done());
    });
    req.on('error', fail);
    req.end();
  });
}
