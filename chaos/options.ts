/** What one chaos run does; every field has the size of the run that found the issue's faults. */
export interface ChaosOptions {
  tickets: number;
  /** Tickets worked on at once. */
  inFlight: number;
  /** SIGKILLs of the worker process, at random moments. */
  kills: number;
  /** How long the SMTP server is down (once); 0 for no outage. */
  smtpOutageSeconds: number;
  /** How long the dev server stays down when it is stopped (once); 0 for no restart. */
  serverDownSeconds: number;
  /** The client gives up waiting for an answer after this long and retries with the same key (the ticket client's answer timeout). */
  clientTimeoutMs: number;
  /** How long to wait, after the last event, for every ticket to finish its mails and close. */
  settleSeconds: number;
  seed: number;
  /** First of three ports: Temporal frontend, its web UI, SMTP. */
  portBase: number;
  json: boolean;
  /** Keep the run directory (server database, worker log, received mails) instead of deleting it. */
  keep: boolean;
}

const DEFAULTS: ChaosOptions = {
  tickets: 150,
  inFlight: 10,
  kills: 7,
  smtpOutageSeconds: 60,
  serverDownSeconds: 10,
  clientTimeoutMs: 5000,
  settleSeconds: 600,
  seed: 13,
  portBase: 41200,
  json: false,
  keep: false,
};

const NUMERIC: Record<string, keyof ChaosOptions> = {
  '--tickets': 'tickets',
  '--in-flight': 'inFlight',
  '--kills': 'kills',
  '--smtp-outage-seconds': 'smtpOutageSeconds',
  '--server-down-seconds': 'serverDownSeconds',
  '--client-timeout-ms': 'clientTimeoutMs',
  '--settle-seconds': 'settleSeconds',
  '--seed': 'seed',
  '--port-base': 'portBase',
};

/** Thrown for a bad command line; the message names the option. */
export class ChaosUsageError extends Error {
  override readonly name = 'ChaosUsageError';
}

/** Parses `npm run chaos -- [--tickets N] [--kills N] [--smtp-outage-seconds N] [--seed N] [--json] …`. */
export function parseChaosOptions(argv: readonly string[]): ChaosOptions {
  const options: ChaosOptions = { ...DEFAULTS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') options.json = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg in NUMERIC) {
      const raw = argv[++i];
      const value = Number(raw);
      if (raw === undefined || !Number.isInteger(value) || value < 0) throw new ChaosUsageError(`${arg} needs a whole number >= 0, got ${raw === undefined ? 'nothing' : `'${raw}'`}`);
      (options as unknown as Record<string, number>)[NUMERIC[arg]!] = value;
    } else {
      throw new ChaosUsageError(`unknown option '${arg}'; options are ${[...Object.keys(NUMERIC), '--json', '--keep'].join(', ')}`);
    }
  }
  if (options.tickets < 1) throw new ChaosUsageError('--tickets must be at least 1');
  if (options.inFlight < 1) throw new ChaosUsageError('--in-flight must be at least 1');
  if (options.clientTimeoutMs < 100) throw new ChaosUsageError('--client-timeout-ms must be at least 100');
  return options;
}
