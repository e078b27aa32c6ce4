import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { embeddedArchive, postgresArchive } from '../src/archive';
import { connectEmbedded } from '../src/archive/embedded-connection';
import { connectPostgres } from '../src/archive/postgres-connection';
import { BACKFILL_REPORT_ROWS } from '../src/archive/report-columns';
import type { SqlQuery } from '../src/archive/sql-connection';
import { SqlArchiveStore } from '../src/archive/sql-archive-store';
import type { ArchiveStore } from '../src/archive';
import type { FlowDefinition } from '../src/flow/definition';
import { normalizeFlow } from '../src/flow/definition';
import { flowSchema } from '../src/flow/schema';
import { runReport, ticketFacts } from '../src/report';
import { packFacts } from '../src/report/ticket-facts';
import { startPostgresServer } from '../src/servers';
import { loadCalendars } from '../src/sla/load-calendars';
import { closedTicketRecord } from '../src/ticket/closed-ticket-record';
import type { ClosedTicketRecord } from '../src/ticket/closed-ticket-record';
import { TicketEngine } from '../src/ticket/engine';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

/** `sopflow report` over this many archived tickets must answer within the target. */
const REPORT_TICKETS = 100_000;
const REPORT_TARGET_MS = 1000;
const WRITES = 2000;

/**
 * The archive and its reports: PGlite's first open and reopen (start-up), archive writes per
 * second on both stores, and the report query over 100,000 generated records on PostgreSQL
 * and on PGlite.
 * Records are real ones (the engine driving tickets of three example flows along varied walks),
 * copied with new numbers and instants spread over a year.
 */
export async function runReportBench(): Promise<void> {
  const templates = sampleRecords();
  await pgliteStartup();

  const dir = await mkdtemp(join(tmpdir(), 'sopflow-bench-archive-'));
  const embedded = embeddedArchive(join(dir, 'archive'));
  try {
    await embedded.ready();
    const rate = await writesPerSecond(embedded, templates, 1);
    console.log(`report: embedded archive (PGlite) ${Math.round(rate).toLocaleString('en-US')} writes/s (one at a time, ${WRITES} records)`);
  } finally {
    await embedded.close();
  }

  // The same report on PGlite over the same number of tickets (seeded through its own connection).
  const connection = await connectEmbedded(join(dir, 'report'));
  const pglite = new SqlArchiveStore('PGlite', () => Promise.resolve(connection));
  try {
    await pglite.ready();
    const seeded = performance.now();
    await seed(connection, templates, REPORT_TICKETS, true);
    console.log(`report: seeded ${REPORT_TICKETS.toLocaleString('en-US')} archived tickets into PGlite in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    await reportTimes(pglite, 'PGlite (embedded)', false);
  } finally {
    await pglite.close();
    await rm(dir, { recursive: true, force: true });
  }

  const server = await startPostgresServer();
  const store = postgresArchive(server.url);
  try {
    await store.ready();
    for (const concurrency of [1, 8]) {
      const rate = await writesPerSecond(store, templates, concurrency, `c${concurrency}-`);
      console.log(`report: PostgreSQL archive ${Math.round(rate).toLocaleString('en-US')} writes/s (${concurrency} at a time, ${WRITES} records)`);
    }
    const seeding = await connectPostgres(server.url, { max: 1 });
    const seeded = performance.now();
    try {
      await seed(seeding, templates, REPORT_TICKETS);
    } finally {
      await seeding.close();
    }
    console.log(`report: seeded ${REPORT_TICKETS.toLocaleString('en-US')} archived tickets in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    await reportTimes(store, 'PostgreSQL', true);
  } finally {
    await store.close();
    await server.destroy();
  }
}

/** PGlite start-up: a new directory without and with the cached empty data directory, and a reopen. */
async function pgliteStartup(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'sopflow-bench-pglite-'));
  try {
    let began = performance.now();
    const raw = await PGlite.create(join(dir, 'raw'));
    await raw.query('SELECT 1');
    const rawMs = performance.now() - began;
    await raw.close();
    const store = embeddedArchive(join(dir, 'archive'));
    began = performance.now();
    await store.ready();
    const firstMs = performance.now() - began;
    await store.close();
    const again = embeddedArchive(join(dir, 'archive'));
    began = performance.now();
    await again.ready();
    const reopenMs = performance.now() - began;
    await again.close();
    console.log(
      `report: PGlite start-up: a new directory by initdb ${Math.round(rawMs)} ms; a new archive from the cached empty data directory ` +
        `(migrations included) ${Math.round(firstMs)} ms; reopening it ${Math.round(reopenMs)} ms`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `sopflow report` over the seeded archive: SQL (what runs), and on PostgreSQL also the in-memory formulas over every ticket's facts (what ran before). */
async function reportTimes(store: ArchiveStore, where: string, inMemoryToo: boolean): Promise<void> {
  const window = { from: '2025-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
  const runs: number[] = [];
  let closed = 0;
  for (let run = 0; run < 4; run++) {
    const began = performance.now();
    const report = await runReport(store, { ...window, groupBy: 'week' });
    runs.push(performance.now() - began);
    closed = report.tickets.closed;
  }
  const best = Math.min(...runs.slice(1));
  let inMemory = '';
  if (inMemoryToo) {
    const began = performance.now();
    await runReport({ facts: (query) => store.facts(query), countOpened: (query) => store.countOpened(query) }, { ...window, groupBy: 'week' });
    inMemory = `; the same figures from every ticket's facts in memory ${Math.round(performance.now() - began)} ms`;
  }
  console.log(
    `report: sopflow report over ${closed.toLocaleString('en-US')} tickets on ${where} (grouped by week, counted in SQL): ${Math.round(best)} ms ` +
      `(first run ${Math.round(runs[0]!)} ms${inMemory}); target < ${REPORT_TARGET_MS} ms${best > REPORT_TARGET_MS ? ' — TOO SLOW' : ''} (load ${loadavg().map((value) => value.toFixed(1)).join(' ')})`,
  );
}

async function writesPerSecond(store: ArchiveStore, templates: ClosedTicketRecord[], concurrency: number, prefix = ''): Promise<number> {
  let next = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < WRITES) {
        const index = next++;
        const template = templates[index % templates.length]!;
        await store.put({ ...template, number: `SOP-W-${prefix}${index}` });
      }
    }),
  );
  return WRITES / ((performance.now() - began) / 1000);
}

/**
 * Bulk rows straight into the archive's table, then the report columns projected by the
 * back-fill of migration 2 (seeding only; `put` is what the writes figure measures). `trim`
 * leaves the timelines out of the stored records: PGlite holds its data in WebAssembly memory,
 * and the report reads only the report columns.
 */
export async function seed(db: SqlQuery, templates: ClosedTicketRecord[], count: number, trim = false): Promise<void> {
  const yearMs = 365 * 86_400_000;
  const start = Date.parse('2026-01-01T00:00:00Z');
  const batch = 2000;
  for (let offset = 0; offset < count; offset += batch) {
    const columns: unknown[][] = Array.from({ length: 11 }, () => []);
    for (let index = offset; index < Math.min(count, offset + batch); index++) {
      const template = templates[index % templates.length]!;
      const shift = start + Math.floor((index / count) * yearMs) - Date.parse(template.openedAt);
      const record: ClosedTicketRecord = {
        ...template,
        number: `SOP-B-${index}`,
        openedAt: new Date(Date.parse(template.openedAt) + shift).toISOString(),
        closedAt: new Date(Date.parse(template.closedAt) + shift).toISOString(),
        assignee: `agent-${index % 40}`,
      };
      const stored = trim ? { ...record, timeline: [], stays: [] } : record;
      const values = [record.number, record.flow.id, record.flow.version, record.customer.id, record.priority.final, record.finalState, record.subject, record.openedAt, record.closedAt, JSON.stringify(stored), JSON.stringify(packFacts(ticketFacts(record)))];
      values.forEach((value, column) => columns[column]!.push(value));
    }
    await db.query(
      `INSERT INTO archived_tickets (number, flow_id, flow_version, customer, priority, final_state, subject, opened_at, closed_at, record, facts, flow_hash, channel)
       SELECT n, f, v, c, p, s, sub, o::timestamptz, cl::timestamptz, r::jsonb, fa::jsonb, 'bench', 'email'
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         AS t(n, f, v, c, p, s, sub, o, cl, r, fa)`,
      columns,
    );
  }
  for (const statement of BACKFILL_REPORT_ROWS) await db.query(statement);
  for (const table of ['archived_tickets', 'report_tickets', 'report_clocks']) await db.query(`ANALYZE ${table}`);
}

/** Closed tickets of the example flows along varied walks and timings, each on its flow's calendar. */
export function sampleRecords(): ClosedTicketRecord[] {
  const calendars = loadCalendars('flows/calendars.yaml');
  const records: ClosedTicketRecord[] = [];
  for (const file of ['password-reset', 'website-unreachable', 'it-desk-incident']) {
    const flow: FlowDefinition = normalizeFlow(flowSchema.parse(parse(readFileSync(`flows/${file}.yaml`, 'utf8'))), 'bench');
    const calendar = calendars.get(flow.calendar)!;
    for (let variant = 0; variant < 60; variant++) {
      const opened = Date.parse('2026-03-02T07:00:00Z') + variant * 37 * 60_000;
      const ticket = { number: `SOP-T-${variant}`, customer: { id: `C-${variant}` }, channel: 'email', subject: 'Bench', priority: flow.priorities[variant % flow.priorities.length]!, topic: flow.id, fields: {} };
      const { engine } = TicketEngine.open(flow, calendar, ticket, opened);
      let at = opened;
      for (let step = 0; step < 16 && !engine.isDone; step++) {
        at += (5 + ((variant * 13 + step * 7) % 55)) * 60_000;
        // Some tickets sit until a due date passes, so breaches and automatic escalations occur.
        if ((variant + step) % 5 === 0) {
          const due = engine.nextWakeAt();
          if (due !== undefined) engine.fireDue((at = Math.max(at, due)));
          continue;
        }
        const allowed = engine.allowedEvents();
        if (allowed.length === 0) break;
        // Later steps prefer ending the ticket, so most walks close.
        const closing = allowed.filter((event) => flow.states[flow.states[engine.stateName]!.on[event.type]?.[0]?.target ?? '']?.kind === 'final');
        const pool = step > 4 && closing.length ? closing : allowed;
        const event = pool[(variant * 7 + step * 3) % pool.length]!;
        const data: Record<string, unknown> = {};
        for (const [name, field] of Object.entries(event.fields)) data[name] = field.choices?.[0] ?? (field.type === 'boolean' ? variant % 2 === 0 : field.type === 'number' ? 1 : 'x');
        if (engine.refusal({ type: event.type, data }) === undefined) engine.send({ type: event.type, data, actor: 'agent' }, at);
      }
      if (engine.isDone) records.push(closedTicketRecord({ flow, calendar, ticket, carried: engine.carry() }));
    }
  }
  if (records.length < 20) throw new Error(`only ${records.length} sample tickets closed; the bench needs varied records`);
  return records;
}

if (require.main === module) void runReportBench();
