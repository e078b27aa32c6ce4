import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, startDevServer } from '../src/servers';
import type { DevServerHandle } from '../src/servers';
import { ticketSearchAttributeTypes } from '../src/ticket/search-attributes';

const BIN = resolve(__dirname, '../bin/sopflow.js');

describe('a worker started before its server', function () {
  this.timeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'sopflow-connect-'));
  let server: DevServerHandle | undefined;

  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says in one line that the server is not reachable, keeps trying, and starts once the server is up', async () => {
    const port = await freePort();
    const address = `127.0.0.1:${port}`;
    const child = spawn(process.execPath, [BIN, 'worker'], {
      env: { ...process.env, TEMPORAL_ADDRESS: address, SOPFLOW_TASK_QUEUE: `connect-${process.pid}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const seen = (pattern: RegExp, timeoutMs: number): Promise<void> =>
      new Promise((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`no ${pattern} within ${timeoutMs} ms; output: ${output}`)), timeoutMs);
        const check = (): void => {
          if (!pattern.test(output)) return;
          clearTimeout(timer);
          done();
        };
        child.stderr.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          check();
        });
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          check();
        });
        check();
      });
    try {
      await seen(/is not reachable; trying again in/, 30_000);
      expect(output).to.contain(`Temporal server at ${address} is not reachable`);
      expect(output, 'no raw transport error').to.not.match(/tonic|TransportError/);
      expect(child.exitCode, 'the worker keeps waiting').to.equal(null);
      server = await startDevServer({ dataDir, port, uiPort: 0, searchAttributes: ticketSearchAttributeTypes });
      await seen(/sopflow worker: \d+ flows/, 60_000);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
