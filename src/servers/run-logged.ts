import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { logServers } from './log';

/** Options for {@link runLogged}. */
export interface RunLoggedOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Build output goes here rather than to the terminal; its tail is quoted on failure. */
  logFile: string;
  /** Printed every 30 s while the command runs, so a long first build does not look hung. */
  label: string;
}

/** Runs a build command to completion, output captured in a log file; rejects with the log's tail on failure. */
export async function runLogged(command: string, args: readonly string[], opts: RunLoggedOptions): Promise<void> {
  const started = Date.now();
  const fd = openSync(opts.logFile, 'w');
  const heartbeat = setInterval(() => {
    logServers(`…still ${opts.label} (${Math.round((Date.now() - started) / 1000)} s, log: ${opts.logFile})`);
  }, 30_000);
  try {
    const code = await new Promise<number | string>((resolveExit, reject) => {
      const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', fd, fd] });
      child.once('error', reject);
      child.once('exit', (exitCode, signal) => resolveExit(exitCode ?? signal ?? 'unknown'));
    });
    if (code !== 0) {
      const tail = (await readFile(opts.logFile, 'utf8').catch(() => '')).trim().split('\n').slice(-15).join('\n');
      throw new Error(`${command} ${args.join(' ')} failed (${code}); log ${opts.logFile}:\n${tail}`);
    }
  } finally {
    clearInterval(heartbeat);
    closeSync(fd);
  }
}
