import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { Client, WorkflowExecutionInfo } from '@temporalio/client';
import { ServiceError, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, TypedSearchAttributes } from '@temporalio/common';
import type { SearchAttributePair } from '@temporalio/common';
import type { FlowCatalog } from '../runtime/flow-catalog';
import { ticketTaskQueue } from '../runtime/task-queue';
import { SopflowError } from '../errors/sopflow-error';
import { ticketFieldProblems } from '../ticket/payload';
import type { FieldSpec } from '../flow/schema';
import { KeyRecords } from './key-records';
import { quoteValue, visibilityQuery } from './visibility-query';
import type { RequestKey } from '../ticket/request-receipts';
import { ticketSearchAttributePairs, ticketSearchAttributes as keys } from '../ticket/search-attributes';
import { ticketMemo } from '../ticket/ticket-memo';
import { priorityProblem } from '../ticket/priority';
import type { Customer, CustomerMessageInput, HandAssignment, PriorityChange, TicketEventInput, TicketInfo, TicketStatus, TimelineEntry } from '../ticket/types';
import {
  addMessageUpdate,
  assignUpdate,
  changePriorityUpdate,
  contactedAgainSignal,
  recordBounceUpdate,
  sendEventUpdate,
  statusQuery,
  timelineQuery,
} from '../workflows/ticket-messages';
import type { MessageAnswer, TicketAnswer } from '../workflows/ticket-messages';
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
  /**
   * Names the request (a mail's Message-ID, an API's Idempotency-Key): the same key never opens
   * two tickets. The ticket number is derived from it, so Temporal's workflow ids do the dedupe
   * (not a process's memory) and a retry after a crash finds the ticket its first try opened.
   */
  idempotencyKey?: string;
  /** ISO date printed in a keyed ticket's number (default today): intake passes the mail's Date, so a redelivery days later derives the same number. */
  keyDate?: string;
  /**
   * The customer's own words: they join the new ticket's discussion, or the discussion of the open
   * ticket the request attaches to (instead of a bare "contacted again"), keyed like the ticket.
   */
  message?: CustomerMessageInput;
  /** The ticket this one is linked to (a follow-up of a closed ticket, a stranger naming a number), kept in the memo. */
  linkedTo?: string;
}

/** The ticket that now handles the request; `attached` when the customer already had one open on this topic. */
export interface OpenTicketResult {
  number: string;
  attached: boolean;
  flow: { id: string; version: number; hash: string };
  /** True when an earlier request with the same idempotency key had already opened (or attached) it. */
  alreadyApplied?: boolean;
}

/** How a client names a request so that a retry never applies it twice. */
export interface RequestOptions {
  /** Chosen by the caller: the CLI's `--idempotency-key`, a form's token, a mail's Message-ID. A fresh one when absent. */
  idempotencyKey?: string;
}

/** An answer, and whether an earlier try with the same idempotency key had already applied the request. */
export type Applied<T> = T & { alreadyApplied: boolean };

/** What `summary` tells about a ticket. */
export interface TicketSummary {
  number: string;
  open: boolean;
  /** ISO instant it closed. */
  closedAt?: string;
  flow?: string;
  customerId?: string;
  customerEmail?: string;
  subject?: string;
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
  /** ISO instant its search attributes last changed (`SopChangedAt`); absent on tickets started before the attribute existed. */
  changedAt?: string;
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
 * The ticket number a keyed request opens: the date it names and five characters of a hash of the
 * key. `attempt` moves on past a number another key already holds (a hash collision), so every
 * key has one deterministic sequence of candidates.
 */
export function keyedTicketNumber(idempotencyKey: string, attempt: number, at: Date): string {
  const date = at.toISOString().slice(2, 10).replace(/-/g, '');
  const digest = createHash('sha256').update(`${idempotencyKey}\n${attempt}`).digest();
  let code = '';
  for (let i = 0; i < 5; i++) code += NUMBER_ALPHABET[digest[i]! % NUMBER_ALPHABET.length];
  return `SOP-${date}-${code}`;
}

/**
 * How a ticket's workflow is started: id = ticket number, and the memo and the search attributes
 * known before it runs, so the workflow does not spend history events writing them itself.
 */
export function ticketStartOptions(input: TicketWorkflowInput, taskQueue: string, extraMemo: Record<string, string> = {}) {
  const { flow, ticket } = input;
  return {
    workflowId: ticket.number,
    taskQueue,
    args: [input] as [TicketWorkflowInput],
    typedSearchAttributes: new TypedSearchAttributes(
      // Start values are never null, so the upsert pairs are plain pairs here.
      // SopChangedAt from the start, so the web server's delta poll sees a ticket before its first workflow task.
      ticketSearchAttributePairs({ flow: flow.id, flowVersion: flow.version, customer: ticket.customer.id, topic: ticket.topic, priority: ticket.priority, state: flow.initial, changedAt: new Date() }) as SearchAttributePair[],
    ),
    memo: { ...ticketMemo(flow, ticket), ...extraMemo },
  };
}

/** How a ticket client reaches workers; both default to the environment the CLI reads. */
export interface TicketClientOptions {
  /** Task queue new tickets start on; default SOPFLOW_TASK_QUEUE, else `sopflow-tickets`. */
  taskQueue?: string;
  /** How long a request waits for a worker's answer before it is reported unconfirmed; default SOPFLOW_UPDATE_TIMEOUT_MS, else 30 s. */
  answerTimeoutMs?: number;
}

/** Client-side operations on tickets, over a Temporal client. */
export class TicketClient {
  private readonly taskQueue: string;
  private readonly answerTimeoutMs: number;
  private readonly keys: KeyRecords;

  constructor(
    private readonly client: Client,
    private readonly catalog: FlowCatalog,
    options: TicketClientOptions = {},
  ) {
    this.taskQueue = options.taskQueue ?? ticketTaskQueue();
    this.answerTimeoutMs = options.answerTimeoutMs ?? WORKER_ANSWER_MS;
    this.keys = new KeyRecords(client);
  }

  /**
   * Opens a ticket, or attaches to the open ticket the customer already has on this topic
   * (the seeds: "when a customer calls, the system checks for their open tickets").
   */
  async open(request: OpenTicketRequest): Promise<OpenTicketResult> {
    const flow = this.catalog.flow(request.flow);
    const calendar = this.catalog.calendar(flow.calendar);
    const priority = request.priority ?? flow.priorities[Math.min(2, flow.priorities.length - 1)]!;
    const badPriority = priorityProblem(flow, priority);
    if (badPriority) throw new SopflowError(badPriority, { code: 'BAD_ARGUMENT' });
    const fields = request.fields ?? {};
    const fieldProblems = ticketFieldProblems(flow, fields);
    if (fieldProblems.length) throw new SopflowError(fieldProblems.join('; '), { code: 'BAD_ARGUMENT' });
    const topic = request.topic ?? flow.id;
    const key = request.idempotencyKey;
    const flowRef = { id: flow.id, version: flow.version, hash: flow.hash };
    // A keyed request first looks for the ticket an earlier try opened or joined, whatever day it came.
    if (key) {
      const recorded = await this.keys.ticketOf(key);
      if (recorded) return this.alreadyOpened(recorded, request);
    }
    // Then for the number the key derives on the day it names (an earlier try that crashed before its record).
    const keyDate = request.keyDate && !Number.isNaN(Date.parse(request.keyDate)) ? new Date(request.keyDate) : new Date();
    const candidates = key ? [0, 1, 2, 3].map((attempt) => keyedTicketNumber(key, attempt, keyDate)) : [];
    // The first free candidate ends the search: numbers are never reused, so a later one was never needed.
    let firstFree = candidates.length;
    for (const [index, number] of candidates.entries()) {
      const holder = await this.keyHolder(number);
      if (holder === key) {
        await this.keys.record(key!, number);
        return this.alreadyOpened(number, request);
      }
      if (holder === undefined) {
        firstFree = index;
        break;
      }
    }
    const existing = await this.findOpen(request.customer.id, topic);
    if (existing) {
      if (request.message) {
        // The request's own reason said "a new ticket"; say where it went instead. The customer
        // asked anew, so the ticket answers with its number (every channel alike: mail, form, API).
        const thread = `joins the customer's open ticket on topic '${topic}'${request.message.thread ? ` (${request.message.thread})` : ''}`;
        const added = await this.addMessage(existing, { ...request.message, thread, joinedOpenTicket: true }, key ? { idempotencyKey: key } : {});
        if (key) await this.keys.record(key, existing);
        return { number: existing, attached: true, flow: added.flow, alreadyApplied: added.alreadyApplied };
      }
      await this.client.workflow.getHandle(existing).signal(contactedAgainSignal, { channel: request.channel ?? 'api', subject: request.subject });
      const status = await this.status(existing);
      return { number: existing, attached: true, flow: status.flow };
    }
    const memo: Record<string, string> = {
      ...(key ? { idempotencyKey: key } : {}),
      ...(request.customer.email ? { customerEmail: request.customer.email } : {}),
      ...(request.linkedTo ? { linkedTo: request.linkedTo } : {}),
    };
    for (const number of key ? candidates.slice(firstFree) : [newTicketNumber()]) {
      const ticket: TicketInfo = { number, customer: request.customer, channel: request.channel ?? 'api', subject: request.subject, priority, topic, fields };
      try {
        await this.client.workflow.start<typeof ticketWorkflow>('ticketWorkflow', {
          ...ticketStartOptions({ flow, calendar, ticket }, this.taskQueue, memo),
          // A number is used once, ever: a closed ticket's id is never started again.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError) || !key) throw error;
        // Another try with the same key won the race, or another key holds this number.
        if ((await this.keyHolder(number)) === key) return this.alreadyOpened(number, request);
        continue;
      }
      if (request.message) await this.addMessage(number, request.message, key ? { idempotencyKey: key } : {});
      if (key) await this.keys.record(key, number);
      return { number, attached: false, flow: flowRef, alreadyApplied: false };
    }
    throw new SopflowError(`no free ticket number for idempotency key '${key}'`, { code: 'TEMPORAL_ERROR', suggestion: 'retry with another key' });
  }

  /**
   * Who takes part in a ticket and whether it is open, from its description (no worker needed):
   * intake's threading reads it. Undefined when there is no such ticket.
   */
  async summary(number: string): Promise<TicketSummary | undefined> {
    try {
      const description = await this.client.workflow.getHandle(number).describe();
      const email = description.memo?.['customerEmail'];
      const subject = description.memo?.['subject'];
      const customerId = description.typedSearchAttributes.get(keys.customer);
      const flow = description.typedSearchAttributes.get(keys.flow);
      return {
        number,
        open: description.status.name === 'RUNNING',
        ...(description.closeTime ? { closedAt: description.closeTime.toISOString() } : {}),
        ...(flow ? { flow } : {}),
        ...(customerId ? { customerId } : {}),
        ...(typeof email === 'string' ? { customerEmail: email } : {}),
        ...(typeof subject === 'string' ? { subject } : {}),
      };
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw explain(number, error);
    }
  }

  /** The idempotency key a ticket was opened with ('' for an unkeyed one), or undefined when no such ticket exists. */
  private async keyHolder(number: string): Promise<string | undefined> {
    try {
      const description = await this.client.workflow.getHandle(number).describe();
      const key = description.memo?.['idempotencyKey'];
      return typeof key === 'string' ? key : '';
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw explain(number, error);
    }
  }

  /** A keyed ticket an earlier try opened: its first message is made sure of (keyed too, so never twice). */
  private async alreadyOpened(number: string, request: OpenTicketRequest): Promise<OpenTicketResult> {
    if (request.message && request.idempotencyKey) {
      try {
        const added = await this.addMessage(number, request.message, { idempotencyKey: request.idempotencyKey });
        return { number, attached: false, flow: added.flow, alreadyApplied: true };
      } catch (error) {
        // Closed since: the first try's message was recorded before it could close.
        if (!(error instanceof SopflowError && error.code === 'TICKET_CLOSED')) throw error;
      }
    }
    const status = await this.status(number);
    return { number, attached: false, flow: status.flow, alreadyApplied: true };
  }

  /** The open ticket of a customer on a topic, if any. */
  async findOpen(customerId: string, topic: string): Promise<string | undefined> {
    const query = visibilityQuery([[keys.customer.name, customerId], [keys.topic.name, topic], ['ExecutionStatus', 'Running']]);
    for await (const execution of this.client.workflow.list({ query, pageSize: 1 })) return execution.workflowId;
    return undefined;
  }

  /**
   * Sends an event; returns the new status, or throws a one-line refusal with nothing changed.
   * With the same `idempotencyKey`, a retry (after a timeout, a crash, a double click) returns
   * the first result with `alreadyApplied: true` and never applies the event twice.
   */
  async send(number: string, event: TicketEventInput, options: RequestOptions = {}): Promise<Applied<TicketAnswer>> {
    return this.update(number, options, (request, updateId) =>
      this.client.workflow.getHandle(number).executeUpdate(sendEventUpdate, { args: [{ ...event, request }], updateId }),
    );
  }

  /** Assigns a ticket to a named agent, recording who did (idempotent with a key, like `send`). */
  async assign(number: string, assignment: HandAssignment, options: RequestOptions = {}): Promise<Applied<TicketAnswer>> {
    return this.update(number, options, (request, updateId) =>
      this.client.workflow.getHandle(number).executeUpdate(assignUpdate, { args: [{ ...assignment, request }], updateId }),
    );
  }

  /** Changes a ticket's priority, recording who did (idempotent with a key, like `send`). */
  async changePriority(number: string, change: PriorityChange, options: RequestOptions = {}): Promise<Applied<TicketAnswer>> {
    return this.update(number, options, (request, updateId) =>
      this.client.workflow.getHandle(number).executeUpdate(changePriorityUpdate, { args: [{ ...change, request }], updateId }),
    );
  }

  /**
   * Adds a customer message to a ticket's discussion; the owner is told, and in a state that
   * declares `on_customer_reply` the reply event is sent too (`replyEvent` says which). A closed
   * ticket refuses with code `TICKET_CLOSED`, so a channel can open a linked ticket instead.
   * Give the channel's own id as the key (a mail's Message-ID): the same message never lands twice.
   */
  async addMessage(number: string, message: CustomerMessageInput, options: RequestOptions = {}): Promise<Applied<MessageAnswer>> {
    return this.update(number, options, (request, updateId) =>
      this.client.workflow.getHandle(number).executeUpdate(addMessageUpdate, { args: [{ ...message, request }], updateId }),
    );
  }

  /** Records on a ticket that a mail to `address` bounced (keyed by the bounce's Message-ID: recorded once). */
  async recordBounce(number: string, address: string, reason: string, options: RequestOptions = {}): Promise<Applied<TicketAnswer>> {
    return this.update(number, options, (request, updateId) =>
      this.client.workflow.getHandle(number).executeUpdate(recordBounceUpdate, { args: [{ address, reason, request }], updateId }),
    );
  }

  /**
   * Runs one keyed update. The key is the Temporal update id, so Temporal itself joins a retry
   * to the first try within a run; the ticket's receipts do the same across continue-as-new.
   * Each try carries its own attempt id: a receipt naming another attempt means an earlier try
   * had already applied the request.
   */
  private async update<T extends TicketAnswer>(number: string, options: RequestOptions, run: (request: RequestKey, updateId: string) => Promise<T>): Promise<Applied<T>> {
    const request: RequestKey = { key: options.idempotencyKey ?? randomUUID(), attempt: randomUUID() };
    const answer = await this.call(number, () => withWorkerTimeout(this.client, run(request, request.key), this.answerTimeoutMs, this.taskQueue)).catch(async (error: unknown) => {
      throw (await this.closedTicket(number, error)) ?? error;
    });
    return { ...answer, alreadyApplied: answer.receipt !== undefined && answer.receipt.attempt !== request.attempt };
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
      // The page size asks the server for no more rows than are shown (its default is 1,000).
      const pageSize = Math.max(1, Math.min(limit, 1000));
      for await (const execution of this.client.workflow.list({ query: query ? `WorkflowType = 'ticketWorkflow' AND ${query}` : `WorkflowType = 'ticketWorkflow'`, pageSize })) {
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

  /** How many tickets a visibility query matches (one cheap call, no rows). */
  async count(query: string): Promise<number> {
    try {
      const { count } = await this.client.workflow.count(query ? `WorkflowType = 'ticketWorkflow' AND ${query}` : `WorkflowType = 'ticketWorkflow'`);
      return count;
    } catch (error) {
      throw new SopflowError(`count query refused: ${(error as Error).message.split('\n')[0]}`, { code: 'BAD_QUERY' });
    }
  }

  /**
   * An update to a completed workflow fails as "not found" on some servers and "already
   * completed" on others; when the ticket exists and is no longer running, say it is closed.
   */
  private async closedTicket(number: string, error: unknown): Promise<SopflowError | undefined> {
    if (!(error instanceof SopflowError) || error.code !== 'TICKET_NOT_FOUND') return undefined;
    try {
      const description = await this.client.workflow.getHandle(number).describe();
      if (description.status.name === 'RUNNING') return undefined;
      return new SopflowError(`ticket ${number} is closed`, { code: 'TICKET_CLOSED', exitCode: 2, suggestion: 'a new request about it opens a new ticket' });
    } catch {
      return undefined;
    }
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
  const equals: Array<[string, string]> = [];
  if (options.state) equals.push([keys.state.name, options.state]);
  if (options.tier) equals.push([keys.tier.name, options.tier]);
  if (options.flow) equals.push([keys.flow.name, options.flow]);
  if (options.sla) equals.push([keys.slaStatus.name, options.sla]);
  if (options.assignee) equals.push([keys.assignee.name, options.assignee]);
  if (options.open) equals.push(['ExecutionStatus', 'Running']);
  return visibilityQuery(equals, options.query ? [options.query] : []);
}

/**
 * The tickets whose search attributes changed (`SopChangedAt`) or that closed at or after
 * `since`, running or closed: what the web server's poller asks for on each poll. SQL
 * visibility stores a running workflow's close time as the largest instant, so `CloseTime`
 * alone would match every open ticket: only closed ones are asked for by it.
 */
export function changedSinceQuery(since: Date): string {
  const instant = quoteValue(since.toISOString());
  return visibilityQuery([], [`${keys.changedAt.name} >= ${instant} OR (ExecutionStatus != 'Running' AND CloseTime >= ${instant})`]);
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

/**
 * An update only completes once a worker runs the ticket; without one, say so instead of waiting
 * forever, and say which is missing: the server or a worker. The request may still be applied
 * later, so the message says how to retry it safely.
 */
async function withWorkerTimeout<T>(client: Client, update: Promise<T>, answerMs: number, taskQueue: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void serverReachable(client).then((reachable) =>
        reject(
          reachable
            ? new SopflowError(`no worker answered within ${answerMs / 1000} s; the request is not confirmed`, {
                code: 'NO_WORKER',
                suggestion: `start \`sopflow worker\` (task queue '${taskQueue}'), then retry with the same idempotency key or check with \`sopflow status\``,
              })
            : serverUnreachable(`the Temporal server did not answer within ${answerMs / 1000} s; the request is not confirmed`),
        ),
      );
    }, answerMs);
  });
  try {
    return await Promise.race([update, timeout]);
  } catch (error) {
    // The server went away while the update waited (stopped, restarted, network): the SDK
    // reports a bare "Workflow Update failed"; say what happened and that a retry is safe.
    if ((error instanceof ServiceError || error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) && !(await serverReachable(client))) {
      throw serverUnreachable('the Temporal server stopped answering while the request waited for an answer; the request is not confirmed', error);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The refusal for a request whose server cannot be reached: nothing is known about it, a keyed retry is safe. */
function serverUnreachable(message: string, cause?: unknown): SopflowError {
  return new SopflowError(message, {
    code: 'SERVER_UNREACHABLE',
    suggestion: 'check that the Temporal server is up (TEMPORAL_ADDRESS), then retry with the same idempotency key: it is applied at most once',
    ...(cause ? { cause } : {}),
  });
}

/** Whether the server answers a cheap call within two seconds. */
async function serverReachable(client: Client): Promise<boolean> {
  try {
    await client.connection.withDeadline(Date.now() + 2000, () => client.connection.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
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
  set('changedAt', text(attributes.get(keys.changedAt)));
  return row;
}

/** Turns Temporal's errors about one ticket into one clear line. */
function explain(number: string, error: unknown): Error {
  // A closed ticket's workflow has completed: Temporal answers that no running execution exists.
  if (error instanceof Error && /already completed|workflow execution already finished/i.test(error.message)) {
    return new SopflowError(`ticket ${number} is closed`, { code: 'TICKET_CLOSED', exitCode: 2, suggestion: 'a new request about it opens a new ticket' });
  }
  if (error instanceof WorkflowNotFoundError || (error instanceof Error && /not found/i.test(error.message))) {
    return new SopflowError(`no ticket '${number}'`, { code: 'TICKET_NOT_FOUND', suggestion: 'list tickets with `sopflow list`' });
  }
  if (error instanceof WorkflowUpdateFailedError) {
    const cause = error.cause;
    const message = cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : error.message;
    const closed = cause instanceof ApplicationFailure && cause.type === 'TicketClosedError';
    return new SopflowError(message, { code: closed ? 'TICKET_CLOSED' : 'EVENT_REFUSED', exitCode: 2 });
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
