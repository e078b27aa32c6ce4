import { allHandlersFinished, ApplicationFailure, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DirectoryActivities } from '../activities/directory-activities';
import { absenceProblem, currentAndFutureAbsences } from '../assignment/absence';
import { DirectoryState } from '../assignment/directory-state';
import type { CarriedDirectoryState, OwnerOffer } from '../assignment/directory-state';
import type { AgentAbsence } from '../assignment/types';
import { absencesQuery, directoryBatchUpdate, directoryViewQuery, markAbsentUpdate, requestsWithPools } from './agent-directory-messages';

/** State carried from run to run. */
export interface AgentDirectoryInput {
  absences?: AgentAbsence[];
  /** Absences whose start was already acted on (`agent|from`). */
  started?: string[];
  /** Who holds which ticket, the queues, turn order. */
  book?: CarriedDirectoryState;
}

const { reassignTicketsOf, offerOwners } = proxyActivities<DirectoryActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/**
 * The agent directory: one long-lived workflow per namespace that knows who is away, whose turn
 * it is, who holds which open ticket and which tickets wait for an owner. It decides every owner
 * pick from its own book (no visibility counts), gives queued tickets to agents as soon as they
 * are free, and when an absence starts tells each ticket the agent holds to find a new owner.
 */
export async function agentDirectoryWorkflow(input: AgentDirectoryInput = {}): Promise<void> {
  let absences = input.absences ?? [];
  const started = new Set(input.started ?? []);
  const book = new DirectoryState(input.book);
  const offers: OwnerOffer[] = [];
  let changed = false;
  const at = (): string => new Date(Date.now()).toISOString();

  setHandler(absencesQuery, () => absences);
  setHandler(directoryViewQuery, () => ({ loads: book.loads(), queued: book.queued(), absences }));
  setHandler(
    markAbsentUpdate,
    (absence) => {
      absences = [...absences, absence];
      changed = true;
      return absences;
    },
    {
      validator: (absence) => {
        const problem = absenceProblem(absence);
        if (problem) throw ApplicationFailure.create({ type: 'BadAbsence', message: problem, nonRetryable: true });
      },
    },
  );
  setHandler(directoryBatchUpdate, (batch) => {
    for (const report of batch.reports) book.report(report);
    const decisions = requestsWithPools(batch).map((request, index) =>
      request ? book.request(request, absences, at()) : { why: `the directory got no pool for ${batch.requests[index]!.tier}` },
    );
    // Reports free capacity: queued tickets get it at once, oldest first.
    offers.push(...book.serveQueue(absences, at()));
    if (offers.length) changed = true;
    return decisions;
  });

  const key = (absence: AgentAbsence): string => `${absence.agent}|${absence.from}`;
  for (;;) {
    const now = Date.now();
    for (const absence of absences) {
      if (!started.has(key(absence)) && Date.parse(absence.from) <= now && Date.parse(absence.to) > now) {
        started.add(key(absence));
        const tickets = book.ticketsOf(absence.agent);
        if (tickets.length) await reassignTicketsOf({ agent: absence.agent, tickets });
      }
    }
    const before = absences.length;
    absences = currentAndFutureAbsences(absences, now);
    // An absence that ended frees its agent for the queue.
    if (absences.length < before) offers.push(...book.serveQueue(absences, at()));
    for (const entry of [...started]) if (!absences.some((absence) => key(absence) === entry)) started.delete(entry);
    if (offers.length) await offerOwners(offers.splice(0));
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (offers.length) await offerOwners(offers.splice(0));
      await continueAsNew<typeof agentDirectoryWorkflow>({ absences, started: [...started], book: book.carry() });
    }
    const upcoming = absences.flatMap((absence) => [...(started.has(key(absence)) ? [] : [Date.parse(absence.from)]), Date.parse(absence.to)]);
    const wakeAt = upcoming.length ? Math.min(...upcoming) : undefined;
    changed = false;
    const wake = (): boolean => changed || offers.length > 0 || workflowInfo().continueAsNewSuggested;
    if (wakeAt === undefined) await condition(wake);
    else await condition(wake, Math.max(1, wakeAt - Date.now()));
  }
}
