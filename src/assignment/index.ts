// Pure assignment rules (no I/O, no Node built-ins): safe to import from workflow code.
export { pickAgent } from './pick-agent';
export { isAbsent, absentAgentsAt } from './is-absent';
export { parseInstant } from './instant';
export { AssignmentError } from './assignment-error';
export type { AgentAbsence, AgentPool, AssignmentStrategy, PickAgentInput, PickAgentResult, PoolAgent } from './types';
