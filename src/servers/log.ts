/** Writes one progress line about server provisioning to stderr, so stdout stays clean for callers' output. */
export function logServers(message: string): void {
  process.stderr.write(`[sopflow servers] ${message}\n`);
}
