import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { startDevServer } from '../../src/servers';
import type { DevServerHandle } from '../../src/servers';
import { ticketSearchAttributeTypes } from '../../src/ticket/search-attributes';
import { startMailSink } from '../../src/demo/mail-sink';
import type { MailSink } from '../../src/demo/mail-sink';

const BIN = resolve(__dirname, '../../bin/sopflow.js');

/** What a CLI run returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A real dev server on SQLite, a real SMTP sink, and workers as separate processes, for end-to-end tests. */
export class E2eStack {
  server!: DevServerHandle;
  mail!: MailSink;
  readonly dataDir = mkdtempSync(join(tmpdir(), 'sopflow-e2e-'));
  readonly taskQueue = `e2e-${process.pid}-${Date.now().toString(36)}`;
  private workers: ChildProcess[] = [];
  /** Everything the worker processes printed, so a failing test can show what the worker saw. */
  readonly workerLog = join(this.dataDir, 'workers.log');

  async start(): Promise<void> {
    this.mail = await startMailSink({ port: 0, dir: join(this.dataDir, 'mail') });
    await this.startServer();
  }

  async startServer(port = 0, uiPort = 0): Promise<void> {
    this.server = await startDevServer({ dataDir: join(this.dataDir, 'temporal'), port, uiPort, searchAttributes: ticketSearchAttributeTypes });
  }

  /** Environment for CLI and worker processes. */
  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      TEMPORAL_ADDRESS: this.server.address,
      TEMPORAL_NAMESPACE: 'default',
      SOPFLOW_TASK_QUEUE: this.taskQueue,
      SOPFLOW_SMTP_PORT: String(this.mail.port),
      SOPFLOW_DEBUG: process.env.SOPFLOW_DEBUG ?? '',
    };
  }

  /** Starts `sopflow worker` as a child process and resolves once it is polling. */
  async startWorker(): Promise<ChildProcess> {
    const child = spawn(process.execPath, [BIN, 'worker'], { env: this.env(), stdio: ['ignore', 'pipe', 'pipe'] });
    this.workers.push(child);
    let output = '';
    await new Promise<void>((ready, fail) => {
      const onData = (chunk: Buffer): void => {
        appendFileSync(this.workerLog, chunk);
        output += chunk.toString();
        if (output.includes('sopflow worker:')) ready();
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => fail(new Error(`worker exited with ${code}: ${output}`)));
    });
    return child;
  }

  /** The worker processes' output so far. */
  workerOutput(): string {
    try {
      return readFileSync(this.workerLog, 'utf8');
    } catch {
      return '';
    }
  }

  /** The failures recorded in a workflow's history for its failed workflow tasks, one per line. */
  async workflowTaskFailures(workflowId: string): Promise<string> {
    const connection = await Connection.connect({ address: this.server.address });
    try {
      const history = await new Client({ connection }).workflow.getHandle(workflowId).fetchHistory();
      return (history.events ?? [])
        .filter((event) => event.workflowTaskFailedEventAttributes)
        .map((event) => {
          const attributes = event.workflowTaskFailedEventAttributes!;
          return `#${String(event.eventId)} cause ${String(attributes.cause)}: ${attributes.failure?.message ?? ''}\n${attributes.failure?.stackTrace ?? ''}`;
        })
        .join('\n');
    } finally {
      await connection.close();
    }
  }

  /** Runs the CLI and returns its exit code and output. */
  cli(...args: string[]): Promise<CliResult> {
    return this.cliWith({}, ...args);
  }

  /**
   * Runs the CLI with extra environment variables. Asynchronously on purpose: the mail sink
   * lives in this process, and a blocked event loop would leave the workers' SMTP connections
   * unanswered while the command runs.
   */
  cliWith(extra: NodeJS.ProcessEnv, ...args: string[]): Promise<CliResult> {
    return new Promise((done, fail) => {
      execFile(process.execPath, [BIN, ...args], { env: { ...this.env(), ...extra }, encoding: 'utf8', timeout: 60_000 }, (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        if (error && typeof error.code !== 'number') return fail(error);
        done({ code, stdout: stdout.trim(), stderr: stderr.trim() });
      });
    });
  }

  async killWorkers(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await Promise.all(
      this.workers.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            // A graceful stop that takes too long is a test problem of its own; do not hang the suite on it.
            const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.kill(signal);
          }),
      ),
    );
    this.workers = [];
  }

  async stop(): Promise<void> {
    await this.killWorkers('SIGTERM');
    await this.server?.stop();
    await this.mail?.close();
  }
}
