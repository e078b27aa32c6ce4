/** How long a worker waits for its server at start, unless SOPFLOW_CONNECT_PATIENCE_MS says otherwise (0: forever). */
function patienceMs(): number {
  const configured = Number(process.env.SOPFLOW_CONNECT_PATIENCE_MS);
  return Number.isFinite(configured) && configured >= 0 ? configured : 0;
}

/**
 * Connects, and while the server is not there yet (a worker started before its server, or
 * during a restart) says so in one line and tries again with backoff, instead of exiting on the
 * transport's raw error. Gives up only after the configured patience, with that line's message.
 */
export async function connectWithRetry<T>(address: string, connect: () => Promise<T>, say: (line: string) => void = (line) => console.error(line)): Promise<T> {
  const patience = patienceMs();
  const began = Date.now();
  for (let wait = 1000; ; wait = Math.min(wait * 2, 15_000)) {
    try {
      return await connect();
    } catch (error) {
      const first = (error as Error).message?.split('\n')[0] ?? String(error);
      const reason = /connection refused|transport error|unavailable|dns error|timed out|deadline/i.test(first) ? 'not reachable' : first;
      if (patience > 0 && Date.now() - began + wait > patience) {
        throw new Error(`Temporal server at ${address} is ${reason}; gave up after ${Math.round((Date.now() - began) / 1000)} s`, { cause: error });
      }
      say(`sopflow: Temporal server at ${address} is ${reason}; trying again in ${wait / 1000} s (Ctrl-C stops)`);
      await new Promise((done) => setTimeout(done, wait));
    }
  }
}
