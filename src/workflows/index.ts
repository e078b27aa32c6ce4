// The workflow bundle's entry: Temporal's bundler loads exactly what this file exports.
export { ticketWorkflow } from './ticket-workflow';
export { agentDirectoryWorkflow } from './agent-directory-workflow';
