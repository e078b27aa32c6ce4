import type { ChaosOptions } from './options';
import type { SeededRandom } from './seeded-random';

/** One fault the run injects. */
export interface Fault {
  kind: 'kill-worker' | 'restart-server' | 'smtp-outage';
  /** Fires once this share of the tickets (0..1) has been worked through... */
  atProgress: number;
  /** ...plus this many milliseconds, so it lands at a random moment inside whatever is running. */
  jitterMs: number;
}

/**
 * When the faults happen, by progress rather than by clock so a short run gets all of them too:
 * the worker kills spread over the whole run, the server restart in the first half, the SMTP
 * outage after it (so the mails it holds back meet kills and the settle phase).
 */
export function planFaults(options: Pick<ChaosOptions, 'kills' | 'serverDownSeconds' | 'smtpOutageSeconds'>, random: SeededRandom): Fault[] {
  const faults: Fault[] = [];
  for (let i = 0; i < options.kills; i++) faults.push({ kind: 'kill-worker', atProgress: random.between(0.02, 0.95), jitterMs: Math.floor(random.between(0, 4000)) });
  if (options.serverDownSeconds > 0) faults.push({ kind: 'restart-server', atProgress: random.between(0.25, 0.45), jitterMs: Math.floor(random.between(0, 4000)) });
  if (options.smtpOutageSeconds > 0) faults.push({ kind: 'smtp-outage', atProgress: random.between(0.5, 0.7), jitterMs: Math.floor(random.between(0, 4000)) });
  return faults.sort((a, b) => a.atProgress - b.atProgress);
}
