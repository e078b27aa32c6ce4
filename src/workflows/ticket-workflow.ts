import { allHandlersFinished, condition, continueAsNew, patched, workflowInfo } from '@temporalio/workflow';
import { closedTicketRecord } from '../ticket/closed-ticket-record';
import type { TicketStatus } from '../ticket/types';
import { archiveLinkOnOpen } from './archive-link';
import { searchAttributeSync } from './search-attribute-sync';
import { TicketContext } from './ticket-context';
import { TicketEffects } from './ticket-effects';
import { registerTicketHandlers } from './ticket-handlers';
import type { TicketWorkflowInput } from './ticket-workflow-input';
import { WakeTimer } from './wake-timer';

export type { TicketWorkflowInput } from './ticket-workflow-input';

/**
 * One support ticket. The engine decides; the workflow only orchestrates: its handlers
 * (ticket-handlers.ts) feed the engine updates and signals, the wake timer (wake-timer.ts) feeds
 * it due instants, and the effect runner (ticket-effects.ts) performs what the engine returns as
 * activities. This function is the ticket's life: open, wait for the timer or the next message,
 * continue as new when the history grows long, and on close free the owner, send the last
 * messages and archive the record.
 */
export async function ticketWorkflow(input: TicketWorkflowInput): Promise<TicketStatus> {
  const { context, effects: opened } = TicketContext.start(input);
  const { engine, now } = context;
  // A follow-up writes its link into the older ticket's archive entry once, in the first run only.
  const linking = input.carried ? Promise.resolve() : archiveLinkOnOpen(input.ticket.number, now());
  const timer = new WakeTimer(now);
  const syncSearchAttributes = searchAttributeSync(engine);
  const effects = new TicketEffects(context, () => {
    syncSearchAttributes(now());
    // A closed ticket leaves its timer to die with the workflow: cancelling it is one more event.
    if (!engine.isDone) timer.arm(engine.nextWakeAt());
  });
  registerTicketHandlers(context, effects);

  await effects.perform(opened);

  const rotate = (): boolean =>
    workflowInfo().continueAsNewSuggested || (input.continueAsNewAfter !== undefined && context.handled >= input.continueAsNewAfter);
  while (!engine.isDone) {
    await condition(() => timer.fired || engine.isDone || rotate());
    if (timer.takeFired()) await effects.perform(engine.fireDue(now()));
    if (!engine.isDone && rotate()) {
      await condition(allHandlersFinished);
      await effects.stepsPerformed();
      await effects.notificationsDrained();
      await linking;
      await continueAsNew<typeof ticketWorkflow>({ ...input, carried: engine.carry(), receipts: context.receipts.carry() });
    }
  }
  await condition(allHandlersFinished);
  // The owner's load counts open work only: free it now, not after the last mails are out.
  effects.reportOwner({ ticket: input.ticket.number });
  // Messages queued by the final step (the "resolved" mail) are delivered before the ticket closes.
  await effects.stepsPerformed();
  // Archive on close (issue 11): tickets started before this code keep their recorded commands.
  const archived = patched('archive-on-close') ? effects.archive(closedTicketRecord({ ...input, carried: engine.carry() })) : undefined;
  await effects.notificationsDrained();
  syncSearchAttributes(now());
  await archived;
  await linking;
  return engine.status(now());
}
