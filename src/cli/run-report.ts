// The archive drivers and the Temporal client load inside the action: `--help` stays fast.
type ArchiveModule = typeof import('../archive');
import type { TicketListRow } from '../client/ticket-client';
import { backlogOf, formatReportCsv, formatReportText, GROUP_BY, runReport } from '../report';
import type { Backlog, GroupBy, OpenTicket } from '../report';
import { loadFlowCatalog } from '../runtime/flow-catalog';
import type { FlowCatalog } from '../runtime/flow-catalog';
import { CALENDAR_24X7 } from '../sla/business-calendar';
import { SopflowError } from '../errors/sopflow-error';
import { REPORT_FORMATS as FORMATS } from './commands/report';

const DAY_MS = 86_400_000;
/** Open tickets read from visibility for the backlog, at most. */
const BACKLOG_LIMIT = 100_000;

/** What `sopflow report` was asked. */
export interface ReportOptions {
  from?: string;
  to?: string;
  flow?: string;
  groupBy?: string;
  format: string;
  backlog: boolean;
}

/** `sopflow report`: KPIs over the ticket archive, and the backlog from Temporal's visibility. */
export async function runReportCommand(options: ReportOptions): Promise<void> {
  const format = options.format as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new SopflowError(`unknown --format '${options.format}'`, { code: 'BAD_ARGUMENT', suggestion: `one of ${FORMATS.join(', ')}` });
  const groupBy = options.groupBy as GroupBy | undefined;
  if (groupBy !== undefined && !GROUP_BY.includes(groupBy)) {
    throw new SopflowError(`unknown --group-by '${options.groupBy}'`, { code: 'BAD_ARGUMENT', suggestion: `one of ${GROUP_BY.join(', ')}` });
  }
  const to = options.to !== undefined ? instant(options.to, '--to') : Date.now();
  const from = options.from !== undefined ? instant(options.from, '--from') : to - 30 * DAY_MS;
  if (from >= to) throw new SopflowError(`--from (${iso(from)}) must be before --to (${iso(to)})`, { code: 'BAD_ARGUMENT' });

  const open = options.backlog ? await openTicketsOrNothing(options.flow) : undefined;
  const { ArchiveBusyError, ArchiveUnavailableError, openArchive } = require('../archive') as ArchiveModule;
  const archive = openArchive();
  try {
    const report = await runReport(archive, {
      from: iso(from),
      to: iso(to),
      ...(options.flow ? { flow: options.flow } : {}),
      ...(groupBy ? { groupBy } : {}),
      ...(open ? { openNowOpenedInWindow: open.rows.filter((row) => inWindow(row.startTime, from, to)).length, backlog: open.backlog } : {}),
    });
    if (format === 'json') console.log(JSON.stringify(report, null, 2));
    else if (format === 'csv') process.stdout.write(formatReportCsv(report));
    else console.log(formatReportText(report));
  } catch (error) {
    if (error instanceof ArchiveUnavailableError) {
      throw new SopflowError(error.message, {
        code: 'ARCHIVE_UNAVAILABLE',
        suggestion: error.cause instanceof ArchiveBusyError ? 'stop the demo or worker, or run both against one PostgreSQL with SOPFLOW_DATABASE_URL' : 'check SOPFLOW_DATABASE_URL and that the database server runs',
      });
    }
    throw error;
  } finally {
    await archive.close();
  }
}

/** Open tickets from visibility and their backlog; undefined (with a note) when Temporal cannot be reached. */
async function openTicketsOrNothing(flow: string | undefined): Promise<{ rows: TicketListRow[]; backlog: Backlog } | undefined> {
  let catalog: FlowCatalog;
  try {
    catalog = loadFlowCatalog();
  } catch {
    process.stderr.write('note: no flows here, so no backlog (the calendars are needed to age open tickets)\n');
    return undefined;
  }
  let client;
  try {
    const { connectClient } = require('../runtime/temporal-connection') as typeof import('../runtime/temporal-connection');
    client = await connectClient();
  } catch (error) {
    process.stderr.write(`note: no backlog: ${(error as Error).message}\n`);
    return undefined;
  }
  try {
    const { listQuery, TicketClient } = require('../client/ticket-client') as typeof import('../client/ticket-client');
    const tickets = new TicketClient(client, catalog);
    const query = listQuery({ open: true, ...(flow ? { flow } : {}) });
    const rows = (await tickets.list(query, BACKLOG_LIMIT)).filter((row) => !isFinal(catalog, row));
    const now = Date.now();
    const open: OpenTicket[] = rows.map((row) => ({
      ...(row.tier ? { tier: row.tier } : {}),
      openedAt: Date.parse(row.startTime),
      calendar: calendarOf(catalog, row.flow),
    }));
    return { rows, backlog: backlogOf(open, now) };
  } finally {
    await client.connection.close();
  }
}

/** A ticket in a final state is closed even while its workflow still writes it to the archive. */
function isFinal(catalog: FlowCatalog, row: TicketListRow): boolean {
  try {
    return row.flow !== undefined && row.state !== undefined && catalog.flow(row.flow).states[row.state]?.kind === 'final';
  } catch {
    return false;
  }
}

function calendarOf(catalog: FlowCatalog, flow: string | undefined) {
  try {
    return flow ? catalog.calendar(catalog.flow(flow).calendar) : CALENDAR_24X7;
  } catch {
    return CALENDAR_24X7; // A flow that is no longer deployed: its tickets age in plain days.
  }
}

function instant(text: string, option: string): number {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00Z`) : Date.parse(text);
  if (!Number.isFinite(value)) throw new SopflowError(`${option} '${text}' is not a date or an instant`, { code: 'BAD_INSTANT', suggestion: `${option} 2026-11-01 or ${option} 2026-11-01T08:00:00+01:00` });
  return value;
}

function inWindow(startTime: string, from: number, to: number): boolean {
  const at = Date.parse(startTime);
  return at >= from && at < to;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
