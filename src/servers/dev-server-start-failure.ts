/**
 * Reads why `temporal server start-dev` ended during start-up, and whether trying again can help.
 *
 * The CLI reports a failed start as a Go panic: the cause is one line near the top of its log,
 * followed by a stack trace long enough to push it out of any tail we show. So the cause is
 * looked for in the whole log, and named in the error on its own line.
 */

/** A port someone else holds; the number is the port. */
const BUSY_PORT = /127\.0\.0\.1:(\d+): bind: address already in use/;
/** The CLI's panic when the OS had no ephemeral port for one of its own services. */
const NO_EPHEMERAL_PORT = /failed assigning ephemeral port/;

/** Lines that name why the server did not start, most telling first. */
const CAUSE_PATTERNS = [/bind: address already in use/, NO_EPHEMERAL_PORT, /^panic: /, /\berror\b/i];

/** The first line of the server log that says why it did not start, if any. */
export function startFailureCause(log: string): string | undefined {
  const lines = log.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  for (const pattern of CAUSE_PATTERNS) {
    const line = lines.find((candidate) => pattern.test(candidate));
    if (line !== undefined) return line;
  }
  return undefined;
}

/**
 * Whether a start that failed with `message` lost a port race that a new attempt avoids:
 * a port picked as free (by us or by the CLI for its internal services) was taken before the
 * server bound it, or the CLI could not get an ephemeral port for the moment. A port the caller
 * named is never a race: that start must fail with "address already in use".
 */
export function isPortRace(message: string, namedPorts: readonly number[]): boolean {
  if (NO_EPHEMERAL_PORT.test(message)) return true;
  const busy = BUSY_PORT.exec(message)?.[1];
  return busy !== undefined && !namedPorts.includes(Number(busy));
}
