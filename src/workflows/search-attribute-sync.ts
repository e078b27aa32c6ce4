import { upsertSearchAttributes } from '@temporalio/workflow';
import type { TicketEngine } from '../ticket/engine';
import { ticketSearchAttributePairs } from '../ticket/search-attributes';

/**
 * Keeps search attributes current, writing only when a value changed (each write is a history
 * event). The same upsert stamps `SopChangedAt` with the workflow's clock; the stamp is not part
 * of what is compared, so it never causes an upsert of its own. No `patched()` guards it: a
 * replay compares only that an upsert happened where the history has one, not its attributes
 * (Temporal's core SDK), so histories recorded without the stamp replay unchanged; a patch
 * marker here made some live runs fail with "patch marker encountered ... but there is no
 * corresponding change command" in the model-based workflow tests.
 */
export function searchAttributeSync(engine: TicketEngine): (at: number) => void {
  let lastAttributes = '';
  return (at) => {
    const status = engine.status(at);
    const pairs = ticketSearchAttributePairs({
      flow: status.flow.id,
      flowVersion: status.flow.version,
      state: status.state,
      tier: status.tier ?? null,
      priority: status.priority,
      assignee: status.assignee ?? null,
      customer: status.customer,
      topic: engine.ticket.topic,
      slaStatus: status.slaStatus,
      dueAt: status.dueAt ? new Date(status.dueAt) : null,
    });
    const fingerprint = JSON.stringify(pairs.map((pair) => [pair.key.name, pair.value]));
    if (fingerprint === lastAttributes) return;
    lastAttributes = fingerprint;
    upsertSearchAttributes([...pairs, ...ticketSearchAttributePairs({ changedAt: new Date(at) })]);
  };
}
