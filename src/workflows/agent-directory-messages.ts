import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AgentLoads, OwnerDecision, OwnerReport, OwnerRequest } from '../assignment/directory-state';
import type { AgentAbsence, AgentPool } from '../assignment/types';

/** The one directory per namespace. */
export const AGENT_DIRECTORY_ID = 'sopflow-agent-directory';

/** An owner request as a batch carries it: without its pool when the batch names the tier's pool once. */
export type BatchedOwnerRequest = Omit<OwnerRequest, 'pool'> & { pool?: AgentPool };

/**
 * One worker's batch: owner requests to decide and owner reports to apply, in one update.
 * `pools` names each tier's pool once for the whole batch (a pool of ten agents is most of a
 * request's size, and every byte of an update is written to the directory's history); batches
 * from workers of before carry the pool in every request instead.
 */
export interface DirectoryBatch {
  requests: BatchedOwnerRequest[];
  reports: OwnerReport[];
  pools?: Record<string, AgentPool>;
}

/** A batch's requests with their pools, from the request or else from the batch; undefined for a tier the batch gives no pool. */
export function requestsWithPools(batch: DirectoryBatch): Array<OwnerRequest | undefined> {
  return batch.requests.map((request) => {
    const pool = request.pool ?? batch.pools?.[request.tier];
    return pool ? { ...request, pool } : undefined;
  });
}

/** What the directory knows now, for dashboards and the CLI. */
export interface DirectoryView {
  loads: AgentLoads;
  /** Tickets waiting for an owner, per tier. */
  queued: Record<string, number>;
  absences: AgentAbsence[];
}

/** Records an absence; tickets owned by the agent are reassigned when it starts. */
export const markAbsentUpdate = defineUpdate<AgentAbsence[], [AgentAbsence]>('markAbsent');
/**
 * Decides a batch of owner requests (in order) after applying its reports. Workers send one
 * batch at a time, so a burst of tickets stays far below Temporal's limit of in-flight updates
 * per workflow, and each pick costs the same however many tickets are open.
 */
export const directoryBatchUpdate = defineUpdate<OwnerDecision[], [DirectoryBatch]>('directoryBatch');
/** Absences known to the directory. */
export const absencesQuery = defineQuery<AgentAbsence[]>('absences');
/** Loads, queues and absences. */
export const directoryViewQuery = defineQuery<DirectoryView>('directoryView');
