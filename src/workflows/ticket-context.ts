import { ApplicationFailure, patched, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { EventRefusedError, TicketEngine } from '../ticket/engine';
import type { EngineEffect, EngineRules } from '../ticket/engine';
import { RequestReceipts } from '../ticket/request-receipts';
import { ticketMemo } from '../ticket/ticket-memo';
import type { TicketWorkflowInput } from './ticket-workflow-input';

/**
 * The engine's rules as this run may apply them: a ticket whose history was recorded before a
 * rule changed replays with the rule it ran with.
 */
const WORKFLOW_RULES: EngineRules = {
  // L1 -> waiting -> L2 counted as an escalation (mail `escalated`, owner reason `escalation`).
  tierThroughWaiting: () => patched('tier-through-waiting'),
};

/**
 * What one run of a ticket workflow holds: its input, the engine that decides, the receipts of
 * the client requests it applied, and how many messages it handled (for continue-as-new).
 */
export class TicketContext {
  /** Messages applied in this run. */
  handled = 0;
  /** Receipts of applied requests, so a retry (also after continue-as-new) is answered, not applied again. */
  readonly receipts: RequestReceipts;

  private constructor(
    readonly input: TicketWorkflowInput,
    readonly engine: TicketEngine,
  ) {
    this.receipts = new RequestReceipts(input.receipts);
  }

  /**
   * Opens the ticket, or restores it after continue-as-new; returns the effects of opening it
   * (none when restored).
   */
  static start(input: TicketWorkflowInput): { context: TicketContext; effects: EngineEffect[] } {
    if (input.carried) {
      return { context: new TicketContext(input, TicketEngine.restore(input.flow, input.calendar, input.ticket, input.carried, WORKFLOW_RULES)), effects: [] };
    }
    const { engine, effects } = TicketEngine.open(input.flow, input.calendar, input.ticket, workflowTime(), WORKFLOW_RULES);
    // Clients set the memo when they start a ticket; write it only when one did not.
    if (workflowInfo().memo?.['ticket'] === undefined) {
      upsertMemo(ticketMemo(input.flow, input.ticket));
    }
    return { context: new TicketContext(input, engine), effects };
  }

  /** Workflow time: deterministic in the sandbox. */
  readonly now = workflowTime;

  /** The ticket's number, for logs and owner reports. */
  get number(): string {
    return this.input.ticket.number;
  }

  /** Applies one change to the engine and counts it; a refusal fails only the message, never the workflow task. */
  apply<T>(change: () => T): T {
    try {
      const result = change();
      this.handled += 1;
      return result;
    } catch (error) {
      if (error instanceof EventRefusedError) throw ApplicationFailure.create({ type: error.name, message: error.message, nonRetryable: true });
      throw error;
    }
  }
}

function workflowTime(): number {
  return Date.now();
}
