import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The environment variable holding the secret that signs sopflow's outbound message ids. */
export const MAIL_SECRET_ENV = 'SOPFLOW_MAIL_SECRET';

/**
 * The secret that signs the ticket part of outbound message ids, shared by the workers that
 * send mail and the intake that threads replies. From `SOPFLOW_MAIL_SECRET` (required on a
 * cluster, where processes run on different machines); the embedded default generates one once
 * under `.sopflow/` (never in the repository) so a single machine works without set-up.
 */
export function mailSecret(env: NodeJS.ProcessEnv = process.env, file = join(process.cwd(), '.sopflow', 'mail-secret')): string {
  const fromEnv = env[MAIL_SECRET_ENV]?.trim();
  if (fromEnv) {
    if (fromEnv.length < 16) throw new Error(`${MAIL_SECRET_ENV} must be at least 16 characters so the signature is worth something`);
    return fromEnv;
  }
  try {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored.length >= 16) return stored;
  } catch {
    // Not there yet: created below.
  }
  const secret = randomBytes(32).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  try {
    // `wx`: two processes starting at once must not overwrite each other's secret.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
