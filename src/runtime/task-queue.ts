/** The task queue tickets run on; several workers may share it to scale out. */
export function ticketTaskQueue(): string {
  return process.env.SOPFLOW_TASK_QUEUE ?? 'sopflow-tickets';
}

/** The agent directory's own task queue beside a ticket queue (see `createTicketWorker`). */
export function directoryTaskQueue(ticketQueue = ticketTaskQueue()): string {
  return `${ticketQueue}-directory`;
}
