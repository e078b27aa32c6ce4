import { condition, continueAsNew, proxyActivities, setHandler, workflowInfo, ApplicationFailure } from '@temporalio/workflow';
import type { DirectoryActivities } from '../activities/directory-activities';
import type { Absence } from '../agents/absence';
import { absenceProblem, currentAndFutureAbsences } from '../agents/absence';
import { pickAgent } from '../assignment/pick-agent';
import { absencesQuery, markAbsentUpdate, pickAgentUpdate } from './agent-directory-messages';

/** State carried from run to run. */
export interface AgentDirectoryInput {
  absences?: Absence[];
  /** Absences whose start was already acted on (`agent|from`). */
  started?: string[];
  cursors?: Record<string, number>;
}

const { reassignTicketsOf } = proxyActivities<DirectoryActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/**
 * The agent directory: one long-lived workflow per namespace that knows who is away and whose
 * turn it is. When an absence starts, every open ticket the agent owns is told to find a new
 * owner in the same tier, so no ticket stalls on an empty desk.
 */
export async function agentDirectoryWorkflow(input: AgentDirectoryInput = {}): Promise<void> {
  let absences = input.absences ?? [];
  const started = new Set(input.started ?? []);
  const cursors: Record<string, number> = { ...(input.cursors ?? {}) };
  let changed = false;

  setHandler(absencesQuery, () => absences);
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
  setHandler(pickAgentUpdate, (request) => {
    const result = pickAgent({
      pool: request.pool,
      loads: request.loads,
      absences: absences.map((absence) => ({ agentId: absence.agent, from: absence.from, to: absence.to })),
      at: new Date(Date.now()).toISOString(),
      ticketFields: request.fields,
      ...(request.skill ? { requiredSkills: [request.skill] } : {}),
      exclude: request.exclude,
      roundRobinCursor: cursors[request.tier] ?? 0,
    });
    if ('none' in result) return { why: result.none };
    cursors[request.tier] = result.nextCursor;
    return { agent: result.agentId };
  });

  const key = (absence: Absence): string => `${absence.agent}|${absence.from}`;
  for (;;) {
    const now = Date.now();
    for (const absence of absences) {
      if (!started.has(key(absence)) && Date.parse(absence.from) <= now && Date.parse(absence.to) > now) {
        started.add(key(absence));
        await reassignTicketsOf({ agent: absence.agent });
      }
    }
    absences = currentAndFutureAbsences(absences, now);
    for (const entry of [...started]) if (!absences.some((absence) => key(absence) === entry)) started.delete(entry);
    if (workflowInfo().continueAsNewSuggested) {
      await continueAsNew<typeof agentDirectoryWorkflow>({ absences, started: [...started], cursors });
    }
    const upcoming = absences.filter((absence) => !started.has(key(absence))).map((absence) => Date.parse(absence.from));
    const wakeAt = upcoming.length ? Math.min(...upcoming) : undefined;
    changed = false;
    if (wakeAt === undefined) await condition(() => changed || workflowInfo().continueAsNewSuggested);
    else await condition(() => changed || workflowInfo().continueAsNewSuggested, Math.max(1, wakeAt - Date.now()));
  }
}
