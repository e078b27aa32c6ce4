import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheDir, ensureCacheSubdir } from './cache-dir';
import { findOnPath } from './executables';
import { withFileLock } from './file-lock';
import { logServers } from './log';
import { runLogged } from './run-logged';
import { findJava } from './test-server-wrapper';
import { GREENMAIL_VERSION } from './versions';

let pending: Promise<string> | undefined;

/** Where the cached GreenMail standalone jar lives. */
export function cachedGreenMailJar(): string {
  return join(cacheDir(), `greenmail-${GREENMAIL_VERSION}`, `greenmail-standalone-${GREENMAIL_VERSION}.jar`);
}

/**
 * The GreenMail standalone jar (a real IMAP and SMTP server for the intake tests):
 * `GREENMAIL_JAR`, else the cached one, else copied from Maven Central with
 * `mvn dependency:copy` into the sopflow cache (file-locked: several runs may share the machine).
 */
export function ensureGreenMailJar(): Promise<string> {
  pending ??= locate().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

async function locate(): Promise<string> {
  const fromEnv = process.env['GREENMAIL_JAR'];
  if (fromEnv) {
    if (!(await isFile(fromEnv))) throw new Error(`GREENMAIL_JAR=${fromEnv} is not a file`);
    return fromEnv;
  }
  const jar = cachedGreenMailJar();
  if (await isFile(jar)) return jar;
  const locks = await ensureCacheSubdir('locks');
  return withFileLock(join(locks, 'greenmail.lock'), 'obtaining GreenMail', async () => {
    if (await isFile(jar)) return jar;
    const mvn = await findOnPath('mvn');
    if (!mvn || !(await findJava())) {
      throw new Error(`no GreenMail: install ${mvn ? '' : 'Maven (mvn) '}and a JDK so sopflow can fetch com.icegreen:greenmail-standalone ${GREENMAIL_VERSION}, or set GREENMAIL_JAR`);
    }
    const dir = await ensureCacheSubdir(`greenmail-${GREENMAIL_VERSION}`);
    logServers(`fetching greenmail-standalone ${GREENMAIL_VERSION} with Maven (first run only)…`);
    await runLogged(mvn, ['-q', '-B', 'dependency:copy', `-Dartifact=com.icegreen:greenmail-standalone:${GREENMAIL_VERSION}`, `-DoutputDirectory=${dir}`], {
      cwd: dir,
      logFile: join(await ensureCacheSubdir('logs'), 'maven-greenmail.log'),
      label: `fetching greenmail-standalone ${GREENMAIL_VERSION}`,
    });
    if (!(await isFile(jar))) throw new Error(`Maven finished but ${jar} is missing`);
    return jar;
  });
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile() && s.size > 0,
    () => false,
  );
}
