import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './free-port';
import { ensureGreenMailJar } from './greenmail-jar';
import { logServers } from './log';
import { findJava } from './test-server-wrapper';

/** A mail account GreenMail creates at start. */
export interface GreenMailUser {
  login: string;
  password: string;
  /** The account's address, e.g. `servicedesk@musterfirma.example`. */
  address: string;
}

/** A running GreenMail, on free loopback ports of its own. */
export interface GreenMailHandle {
  host: string;
  imapPort: number;
  smtpPort: number;
  users: GreenMailUser[];
  logFile: string;
  /** Ends the JVM (SIGTERM, SIGKILL after 10 s) and resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * Starts GreenMail standalone for one test run: IMAP and SMTP (and its REST API, which we do not
 * use) on free ports chosen now, never the fixed `setup.test.all` ports, so several runs can share
 * a machine. Resolves once IMAP greets.
 */
export async function startGreenMail(options: { dir: string; users: GreenMailUser[]; startTimeoutMs?: number }): Promise<GreenMailHandle> {
  const jar = await ensureGreenMailJar();
  const java = await findJava();
  if (!java) throw new Error('GreenMail needs a JDK (java on PATH or JAVA_HOME)');
  const host = '127.0.0.1';
  const [imapPort, smtpPort, apiPort] = [await freePort(), await freePort(), await freePort()];
  await mkdir(options.dir, { recursive: true });
  const logFile = join(options.dir, 'greenmail.log');
  const fd = openSync(logFile, 'a');
  const users = options.users.map((user) => `${user.login}:${user.password}@${user.address.split('@')[1]}`).join(',');
  const child = spawn(
    java,
    [
      '-Xmx256m',
      `-Dgreenmail.hostname=${host}`,
      `-Dgreenmail.imap.hostname=${host}`,
      `-Dgreenmail.smtp.hostname=${host}`,
      `-Dgreenmail.imap.port=${imapPort}`,
      `-Dgreenmail.smtp.port=${smtpPort}`,
      `-Dgreenmail.api.hostname=${host}`,
      `-Dgreenmail.api.port=${apiPort}`,
      `-Dgreenmail.users=${users}`,
      '-jar',
      jar,
    ],
    { stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  let exited: number | string | undefined;
  const exit = new Promise<void>((done) =>
    child.once('exit', (code, signal) => {
      exited = code ?? signal ?? 'unknown';
      done();
    }),
  );
  // A crashed test run must not leave the JVM behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  logServers(`starting GreenMail on ${host}: IMAP ${imapPort}, SMTP ${smtpPort}`);
  while (!(await greets(host, imapPort))) {
    if (exited !== undefined || Date.now() > deadline) {
      child.kill('SIGKILL');
      const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
      throw new Error(`GreenMail did not start (${exited !== undefined ? `exited ${exited}` : 'timeout'}):\n${tail}`);
    }
    await sleep(200);
  }
  return {
    host,
    imapPort,
    smtpPort,
    users: options.users,
    logFile,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (exited !== undefined) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** True when an IMAP server answers `* OK` on the port. */
function greets(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('data', (data) => done(data.toString().startsWith('* OK')));
  });
}
