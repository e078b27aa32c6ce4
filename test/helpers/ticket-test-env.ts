import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { FlowDefinition } from '../../src/flow/definition';
import { createTicketActivities } from '../../src/activities/ticket-activities';
import type { TicketActivityDeps } from '../../src/activities/ticket-activities';
import { ticketWorkflowBundle } from '../../src/runtime/workflow-bundle';
import type { BusinessCalendar } from '../../src/sla/business-calendar';
import { CALENDAR_24X7 } from '../../src/sla/business-calendar';
import type { TicketInfo, TicketStatus } from '../../src/ticket/types';
import { statusQuery } from '../../src/workflows/ticket-messages';
import { registerTicketSearchAttributes } from '../../src/runtime/register-search-attributes';
import { createTimeSkippingEnv } from '../../src/servers';
import type { ticketWorkflow, TicketWorkflowInput } from '../../src/workflows/ticket-workflow';

let counter = 0;

/** A unique ticket for a test. */
export function testTicket(overrides: Partial<TicketInfo> = {}): TicketInfo {
  counter += 1;
  return {
    number: `T-${process.pid}-${Date.now().toString(36)}-${counter}`,
    customer: { id: `C-${counter}`, name: 'Erika Mustermann', email: 'erika@example.org', language: 'de' },
    channel: 'phone',
    subject: 'Passwort vergessen',
    priority: 'P2',
    topic: 'test',
    fields: {},
    ...overrides,
  };
}

/** A worker on the environment's task queue with the given activity dependencies. */
export async function ticketTestWorker(env: TestWorkflowEnvironment, taskQueue: string, deps: TicketActivityDeps): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await ticketWorkflowBundle(),
    activities: createTicketActivities(deps),
  });
}

/** Starts a ticket workflow directly (the client API adds catalog lookups tests don't need). */
export async function startTestTicket(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  flow: FlowDefinition,
  ticket: TicketInfo = testTicket(),
  extra: Partial<TicketWorkflowInput> = {},
  calendar: BusinessCalendar = CALENDAR_24X7,
) {
  return env.client.workflow.start<typeof ticketWorkflow>('ticketWorkflow', {
    workflowId: ticket.number,
    taskQueue,
    args: [{ flow, calendar, ticket, ...extra }],
  });
}

/** A time-skipping environment with the ticket search attributes registered. */
export async function createTicketTestEnv(): Promise<TestWorkflowEnvironment> {
  const env = await createTimeSkippingEnv();
  await registerTicketSearchAttributes(env.connection);
  return env;
}

/** Polls a ticket's status until `ready` holds (assignments and mails run asynchronously to events). */
export async function waitForStatus(
  handle: { query: (query: typeof statusQuery) => Promise<TicketStatus> },
  ready: (status: TicketStatus) => boolean,
  what = 'status condition',
  timeoutMs = 20_000,
): Promise<TicketStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await handle.query(statusQuery);
    if (ready(status)) return status;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
