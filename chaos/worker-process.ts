import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';

const BIN = resolve(__dirname, '..', 'bin', 'sopflow.js');
/** How long a worker may take to say it is polling (it waits for a server that is down). */
const READY_TIMEOUT_MS = 180_000;

/**
 * `sopflow worker` as a real child process, so a SIGKILL is what it is in production: no
 * shutdown hook, no flush, activities cut off wherever they are. A worker that exits on its
 * own is started again (and counted), as a process manager would.
 */
export class WorkerProcess {
  private child: ChildProcess | undefined;
  private stopping = false;
  /** Starts, including restarts after a kill or an exit of its own. */
  starts = 0;
  /** Times the worker exited without being killed by us. */
  unexpectedExits = 0;

  constructor(
    private readonly args: string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd: string,
    private readonly logFile: string,
  ) {}

  /** Starts the worker and resolves once it reports that it is running. */
  async start(): Promise<void> {
    this.stopping = false;
    const child = spawn(process.execPath, [BIN, 'worker', ...this.args], { cwd: this.cwd, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.starts += 1;
    appendFileSync(this.logFile, `--- worker start ${this.starts} (pid ${child.pid}) at ${new Date().toISOString()} ---\n`);
    let output = '';
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`worker did not start within ${READY_TIMEOUT_MS / 1000} s: ${output.slice(-2000)}`)), READY_TIMEOUT_MS);
      const onData = (chunk: Buffer): void => {
        appendFileSync(this.logFile, chunk);
        if (output.length < 100_000) output += chunk.toString();
        if (output.includes('sopflow worker:')) {
          clearTimeout(timer);
          ready();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code, signal) => {
        appendFileSync(this.logFile, `--- worker pid ${child.pid} exited (${signal ?? `code ${code}`}) ---\n`);
        clearTimeout(timer);
        fail(new Error(`worker exited with ${signal ?? code} before it was ready: ${output.slice(-2000)}`));
        if (!this.stopping && this.child === child) {
          this.unexpectedExits += 1;
          setTimeout(() => void this.start().catch(() => undefined), 1000);
        }
      });
    });
  }

  /** Sends `signal` and resolves once the process is gone. */
  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.stopping = true;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((done) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => {
        clearTimeout(force);
        done();
      });
      child.kill(signal);
    });
  }
}
