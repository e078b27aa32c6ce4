import { randomInt } from 'node:crypto';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, TypedSearchAttributes } from '@temporalio/common';
import type { FlowCatalog } from '../runtime/flow-catalog';
import { ticketTaskQueue } from '../runtime/task-queue';
import { SopflowError } from '../cli/sopflow-error';
import { fieldTypeProblem } from '../ticket/payload';
import type { FieldSpec } from '../flow/schema';
import { ticketSearchAttributes as keys } from '../ticket/search-attributes';
import { ticketMemo } from '../ticket/ticket-memo';
import type { Customer, TicketEventInput, TicketInfo, TicketStatus, TimelineEntry } from '../ticket/types';
import {
  assignUpdate,
  changePriorityUpdate,
  contactedAgainSignal,
  sendEventUpdate,
  statusQuery,
  timelineQuery,
} from '../workflows/ticket-messages';
import type { ticketWorkflow, TicketWorkflowInput } from '../workflows/ticket-workflow';

/** What an operator or an intake channel gives to open a ticket. */
export interface OpenTicketRequest {
  flow: string;
  customer: Customer;
  subject: string;
  priority?: string;
  channel?: string;
  topic?: string;
  fields?: Record<string, unknown>;
}

/** The ticket that now handles the request; `attached` when the customer already had one open on this topic. */
export interface OpenTicketResult {
  number: string;
  attached: boolean;
  flow: { id: string; version: number; hash: string };
}

/** A row of `sopflow list`. */
export interface TicketListRow {
  number: string;
  flow?: string;
  state?: string;
  tier?: string;
  priority?: string;
  assignee?: string;
  customer?: string;
  slaStatus?: string;
  dueAt?: string;
  status: string;
  startTime: string;
  /** ISO instant the ticket closed, once it did. */
  closeTime?: string;
}

// Crockford-style alphabet: no I, L, O, U, so numbers survive being read over the phone.
const NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A fresh ticket number such as `SOP-261122-7K3MQ`: the date it was opened and five random characters. */
export function newTicketNumber(at = new Date()): string {
  const date = at.toISOString().slice(2, 10).replace(/-/g, '');
  let random = '';
  for (let i = 0; i < 5; i++) random += NUMBER_ALPHABET[randomInt(NUMBER_ALPHABET.length)];
  return `SOP-${date}-${random}`;
}

/**
 * How a ticket's workflow is started: id = ticket number, and the memo and the search attributes
 * known before it runs, so the workflow does not spend history events writing them itself.
 */
export function ticketStartOptions(input: TicketWorkflowInput, taskQueue: string) {
  const { flow, ticket } = input;
  return {
    workflowId: ticket.number,
    taskQueue,
    args: [input] as [TicketWorkflowInput],
    typedSearchAttributes: new TypedSearchAttributes([
      { key: keys.flow, value: flow.id },
      { key: keys.flowVersion, value: flow.version },
      { key: keys.customer, value: ticket.customer.id },
      { key: keys.topic, value: ticket.topic },
      { key: keys.priority, value: ticket.priority },
      { key: keys.state, value: flow.initial },
    ]),
    memo: ticketMemo(flow, ticket),
  };
}

/** Client-side operations on tickets, over a Temporal client. */
export class TicketClient {
  constructor(private readonly client: Client, private readonly catalog: FlowCatalog) {}

  /**
   * Opens a ticket, or attaches to the open ticket the customer already has on this topic
   * (the seeds: "when a customer calls, the system checks for their open tickets").
   */
  async open(request: OpenTicketRequest): Promise<OpenTicketResult> {
    const flow = this.catalog.flow(request.flow);
    const calendar = this.catalog.calendar(flow.calendar);
    const priority = request.priority ?? flow.priorities[Math.min(2, flow.priorities.length - 1)]!;
    if (!flow.priorities.includes(priority)) {
      throw new SopflowError(`unknown priority '${priority}' for flow '${flow.id}'`, { code: 'BAD_ARGUMENT', suggestion: `use one of ${flow.priorities.join(', ')}` });
    }
    const fields = request.fields ?? {};
    for (const [name, value] of Object.entries(fields)) {
      const spec = flow.fields[name];
      const problem = spec ? fieldTypeProblem(spec, value) : undefined;
      if (problem) throw new SopflowError(`ticket field '${name}' ${problem}`, { code: 'BAD_ARGUMENT' });
    }
    const topic = request.topic ?? flow.id;
    const existing = await this.findOpen(request.customer.id, topic);
    if (existing) {
      await this.client.workflow.getHandle(existing).signal(contactedAgainSignal, { channel: request.channel ?? 'api', subject: request.subject });
      const status = await this.status(existing);
      return { number: existing, attached: true, flow: status.flow };
    }
    const ticket: TicketInfo = {
      number: newTicketNumber(),
      customer: request.customer,
      channel: request.channel ?? 'api',
      subject: request.subject,
      priority,
      topic,
      fields,
    };
    await this.client.workflow.start<typeof ticketWorkflow>('ticketWorkflow', ticketStartOptions({ flow, calendar, ticket }, ticketTaskQueue()));
    return { number: ticket.number, attached: false, flow: { id: flow.id, version: flow.version, hash: flow.hash } };
  }

  /** The open ticket of a customer on a topic, if any. */
  async findOpen(customerId: string, topic: string): Promise<string | undefined> {
    const query = `SopCustomer = ${quote(customerId)} AND SopTopic = ${quote(topic)} AND ExecutionStatus = 'Running'`;
    for await (const execution of this.client.workflow.list({ query, pageSize: 1 })) return execution.workflowId;
    return undefined;
  }

  /** Sends an event; returns the new status, or throws a one-line refusal with nothing changed. */
  async send(number: string, event: TicketEventInput): Promise<TicketStatus> {
    return this.call(number, () => withWorkerTimeout(this.client.workflow.getHandle(number).executeUpdate(sendEventUpdate, { args: [event] })));
  }

  /** Assigns a ticket to a named agent. */
  async assign(number: string, agent: string, reason?: string): Promise<TicketStatus> {
    return this.call(number, () =>
      withWorkerTimeout(this.client.workflow.getHandle(number).executeUpdate(assignUpdate, { args: [{ agent, ...(reason ? { reason } : {}) }] })),
    );
  }

  /** Changes a ticket's priority. */
  async changePriority(number: string, priority: string): Promise<TicketStatus> {
    return this.call(number, () => withWorkerTimeout(this.client.workflow.getHandle(number).executeUpdate(changePriorityUpdate, { args: [{ priority }] })));
  }

  /**
   * The declared payload fields of an event on a ticket's flow, read from the ticket's search
   * attributes and the local catalog (no worker needed), for typing command-line values.
   */
  async eventFields(number: string, event: string): Promise<Record<string, FieldSpec>> {
    const description = await this.call(number, () => this.client.workflow.getHandle(number).describe());
    const flowId = description.typedSearchAttributes.get(keys.flow);
    try {
      return flowId ? (this.catalog.flow(flowId).events[event]?.fields ?? {}) : {};
    } catch {
      return {};
    }
  }

  /** Current status of a ticket, open or closed. */
  async status(number: string): Promise<TicketStatus> {
    return this.call(number, () => queryWithRetry(() => this.client.workflow.getHandle(number).query(statusQuery)));
  }

  /** A ticket's timeline. */
  async timeline(number: string): Promise<TimelineEntry[]> {
    return this.call(number, () => queryWithRetry(() => this.client.workflow.getHandle(number).query(timelineQuery)));
  }

  /** Lists tickets by a visibility query. */
  async list(query: string, limit = 100): Promise<TicketListRow[]> {
    const rows: TicketListRow[] = [];
    try {
      for await (const execution of this.client.workflow.list({ query: query ? `WorkflowType = 'ticketWorkflow' AND ${query}` : `WorkflowType = 'ticketWorkflow'` })) {
        rows.push(listRow(execution));
        if (rows.length >= limit) break;
      }
    } catch (error) {
      throw new SopflowError(`list query refused: ${(error as Error).message.split('\n')[0]}`, {
        code: 'BAD_QUERY',
        suggestion: "visibility queries look like: SopState = 'l2_diagnosis' AND SopPriority = 'P1'",
      });
    }
    return rows;
  }

  private async call<T>(number: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw explain(number, error);
    }
  }
}

/** Builds the visibility query of `sopflow list` from its options. */
export function listQuery(options: { state?: string; tier?: string; flow?: string; sla?: string; assignee?: string; open?: boolean; query?: string }): string {
  const parts: string[] = [];
  if (options.state) parts.push(`SopState = ${quote(options.state)}`);
  if (options.tier) parts.push(`SopTier = ${quote(options.tier)}`);
  if (options.flow) parts.push(`SopFlow = ${quote(options.flow)}`);
  if (options.sla) parts.push(`SopSlaStatus = ${quote(options.sla)}`);
  if (options.assignee) parts.push(`SopAssignee = ${quote(options.assignee)}`);
  if (options.open) parts.push(`ExecutionStatus = 'Running'`);
  if (options.query) parts.push(`(${options.query})`);
  return parts.join(' AND ');
}

/** How long a query keeps retrying while the ticket's worker is (re)starting. */
const QUERY_PATIENCE_MS = Number(process.env.SOPFLOW_QUERY_TIMEOUT_MS ?? 30_000);

/**
 * Right after a worker or the server restarts, a query can fail for a while: the server still
 * routes the ticket to the old worker's sticky queue, or waits out the workflow task the old
 * worker held (its timeout) before the new worker gets it. Retrying rides that out; a ticket
 * whose workflow task keeps failing is still reported, after the patience is spent.
 */
async function queryWithRetry<T>(query: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + QUERY_PATIENCE_MS;
  for (let wait = 500; ; wait = Math.min(wait * 2, 4000)) {
    try {
      return await query();
    } catch (error) {
      if (Date.now() + wait > deadline || !(error instanceof Error) || !/failed to query/i.test(error.message)) throw error;
      await new Promise((done) => setTimeout(done, wait));
    }
  }
}

/** How long an update may wait for a worker before the CLI says so instead of hanging. */
const WORKER_ANSWER_MS = Number(process.env.SOPFLOW_UPDATE_TIMEOUT_MS ?? 30_000);

/** An update only completes once a worker runs the ticket; without one, say so instead of waiting forever. */
async function withWorkerTimeout<T>(update: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SopflowError(`no worker answered within ${WORKER_ANSWER_MS / 1000} s; the event is not confirmed`, {
            code: 'NO_WORKER',
            suggestion: `start \`sopflow worker\` (task queue '${ticketTaskQueue()}'), then check with \`sopflow status\``,
          }),
        ),
      WORKER_ANSWER_MS,
    );
  });
  try {
    return await Promise.race([update, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function listRow(execution: WorkflowExecutionInfo): TicketListRow {
  const attributes = execution.typedSearchAttributes;
  const text = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : value instanceof Date ? value.toISOString() : String(value));
  const row: TicketListRow = {
    number: execution.workflowId,
    status: execution.status.name,
    startTime: execution.startTime.toISOString(),
    ...(execution.closeTime ? { closeTime: execution.closeTime.toISOString() } : {}),
  };
  const set = (name: keyof TicketListRow, value: string | undefined): void => {
    if (value !== undefined) (row as unknown as Record<string, string>)[name] = value;
  };
  set('flow', text(attributes.get(keys.flow)));
  set('state', text(attributes.get(keys.state)));
  set('tier', text(attributes.get(keys.tier)));
  set('priority', text(attributes.get(keys.priority)));
  set('assignee', text(attributes.get(keys.assignee)));
  set('customer', text(attributes.get(keys.customer)));
  set('slaStatus', text(attributes.get(keys.slaStatus)));
  set('dueAt', text(attributes.get(keys.dueAt)));
  return row;
}

/** Turns Temporal's errors about one ticket into one clear line. */
function explain(number: string, error: unknown): Error {
  if (error instanceof WorkflowNotFoundError || (error instanceof Error && /not found/i.test(error.message))) {
    return new SopflowError(`no ticket '${number}'`, { code: 'TICKET_NOT_FOUND', suggestion: 'list tickets with `sopflow list`' });
  }
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    const message = cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : error.message;
    return new SopflowError(message, { code: 'EVENT_REFUSED', exitCode: 2 });
  }
  if (error instanceof SopflowError) return error;
  if (error instanceof Error && /failed to query/i.test(error.message)) {
    const detail = error.cause instanceof Error ? `: ${error.cause.message.split('\n')[0]}` : '';
    const failing = /workflow task in failed state/i.test(detail);
    return new SopflowError(`ticket '${number}' did not answer${detail}`, {
      code: 'NO_WORKER',
      suggestion: failing
        ? "the ticket's workflow task keeps failing; the worker's log says why (e.g. a non-determinism after a code change)"
        : 'is a `sopflow worker` running for its task queue?',
      cause: error,
    });
  }
  return new SopflowError(`ticket '${number}': ${(error as Error).message?.split('\n')[0] ?? String(error)}`, { code: 'TEMPORAL_ERROR' });
}
