import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AgentLoads, OwnerDecision, OwnerReport, OwnerRequest } from '../assignment/directory-state';
import type { AgentAbsence } from '../assignment/types';

/** The one directory per namespace. */
export const AGENT_DIRECTORY_ID = 'sopflow-agent-directory';

/** One worker's batch: owner requests to decide and owner reports to apply, in one update. */
export interface DirectoryBatch {
  requests: OwnerRequest[];
  reports: OwnerReport[];
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
