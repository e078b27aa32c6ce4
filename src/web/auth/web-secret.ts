import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Shortest secret accepted from the environment: shorter ones are guessable. */
const MIN_SECRET_LENGTH = 32;

const cache = new Map<string, string>();

/**
 * The secret that signs portal tokens, sign-in links, sessions and CSRF tokens. On a cluster
 * every worker and web server gets the same `SOPFLOW_WEB_SECRET`; the embedded default creates
 * one once in `secretFile` (under `.sopflow/`, never in the repo) and reads it from then on, so
 * the worker writing links into mails and the web server checking them agree.
 */
export function webSecret(secretFile: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.SOPFLOW_WEB_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_SECRET_LENGTH) {
      throw new Error(`SOPFLOW_WEB_SECRET is ${fromEnv.length} characters long; use at least ${MIN_SECRET_LENGTH} (e.g. \`openssl rand -base64 48\`)`);
    }
    return fromEnv;
  }
  const cached = cache.get(secretFile);
  if (cached) return cached;
  const secret = readOrCreate(secretFile);
  cache.set(secretFile, secret);
  return secret;
}

function readOrCreate(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  try {
    // `wx`: when two processes start at once, one writes and the other reads what it wrote.
    writeFileSync(file, `${randomBytes(48).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}
