import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { Pool } from 'pg';
import { embeddedArchive, postgresArchive } from '../src/archive';
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
 * second on both stores, and the report query over 100,000 generated records on PostgreSQL.
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
    const seeded = performance.now();
    await seed(server.url, templates, REPORT_TICKETS);
    console.log(`report: seeded ${REPORT_TICKETS.toLocaleString('en-US')} archived tickets in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    const window = { from: '2025-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
    const runs: number[] = [];
    let closed = 0;
    for (let run = 0; run < 4; run++) {
      const began = performance.now();
      const report = await runReport(store, { ...window, groupBy: 'week' });
      runs.push(performance.now() - began);
      closed = report.tickets.closed;
    }
    const first = runs[0]!;
    const best = Math.min(...runs.slice(1));
    const factsBegan = performance.now();
    await store.facts(window);
    const readMs = performance.now() - factsBegan;
    console.log(
      `report: sopflow report over ${closed.toLocaleString('en-US')} tickets on PostgreSQL (grouped by week): ${Math.round(best)} ms ` +
        `(first run ${Math.round(first)} ms; reading the facts alone ${Math.round(readMs)} ms); target < ${REPORT_TARGET_MS} ms${best > REPORT_TARGET_MS ? ' — TOO SLOW' : ''}`,
    );
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

/** Bulk rows straight into the table (seeding only; `put` is what the writes figure measures). */
async function seed(url: string, templates: ClosedTicketRecord[], count: number): Promise<void> {
  const pool = new Pool({ connectionString: url, max: 2 });
  const yearMs = 365 * 86_400_000;
  const start = Date.parse('2026-01-01T00:00:00Z');
  try {
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
        const values = [record.number, record.flow.id, record.flow.version, record.customer.id, record.priority.final, record.finalState, record.subject, record.openedAt, record.closedAt, JSON.stringify(record), JSON.stringify(packFacts(ticketFacts(record)))];
        values.forEach((value, column) => columns[column]!.push(value));
      }
      await pool.query(
        `INSERT INTO archived_tickets (number, flow_id, flow_version, customer, priority, final_state, subject, opened_at, closed_at, record, facts, flow_hash, channel)
         SELECT n, f, v, c, p, s, sub, o::timestamptz, cl::timestamptz, r::jsonb, fa::jsonb, 'bench', 'email'
         FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
           AS t(n, f, v, c, p, s, sub, o, cl, r, fa)`,
        columns,
      );
    }
    await pool.query('ANALYZE archived_tickets');
  } finally {
    await pool.end();
  }
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
