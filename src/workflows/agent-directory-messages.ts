import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Absence } from '../agents/absence';
import type { AgentPickRequest, AgentPickResult } from '../agents/agent-pick';

/** The one directory per namespace. */
export const AGENT_DIRECTORY_ID = 'sopflow-agent-directory';
/** Records an absence; tickets owned by the agent are reassigned when it starts. */
export const markAbsentUpdate = defineUpdate<Absence[], [Absence]>('markAbsent');
/** Picks an agent for a ticket, honouring absences and the round-robin order. */
export const pickAgentUpdate = defineUpdate<AgentPickResult, [AgentPickRequest]>('pickAgent');
/** Absences known to the directory. */
export const absencesQuery = defineQuery<Absence[]>('absences');
