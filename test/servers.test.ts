import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { Client, Connection } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  createTimeSkippingEnv,
  ensureDevServerBinary,
  ensureTestServerBinary,
  startDevServer,
} from '../src/servers';
import type { DevServerHandle } from '../src/servers';
import { isExecutable } from '../src/servers/executables';
import type { sleepyWorkflow } from './fixtures/sleepy-workflow';

const TWO_DAYS_MS = 2 * 24 * 60 * 60 * 1000;

/** True once nothing accepts connections on `port` any more (polling for up to `withinMs`). */
async function portClosed(port: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>((resolveProbe) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolveProbe(false);
      });
      socket.once('error', () => resolveProbe(true));
    });
    if (refused) return true;
    await sleep(200);
  }
  return false;
}

describe('servers', function () {
  // A cold machine builds the CLI with go install; `scripts/ensure-servers.ts` normally did that already.
  this.timeout(15 * 60_000);

  it('obtains both server executables', async () => {
    const [dev, test] = await Promise.all([ensureDevServerBinary(), ensureTestServerBinary()]);
    expect(await isExecutable(dev), dev).to.equal(true);
    expect(await isExecutable(test), test).to.equal(true);
  });

  describe('time-skipping test server', () => {
    let env: TestWorkflowEnvironment | undefined;
    after(async () => env?.teardown());

    it('skips two days of workflow sleep, with a registered search attribute', async function () {
      this.timeout(120_000);
      env = await createTimeSkippingEnv({ searchAttributes: { SopflowTicketId: 'Keyword' } });
      const worker = await Worker.create({
        connection: env.nativeConnection,
        taskQueue: 'sleepy',
        workflowsPath: require.resolve('./fixtures/sleepy-workflow'),
      });
      const serverStartMs = await env.currentTimeMs();
      const realStart = Date.now();
      const result = await worker.runUntil(
        env.client.workflow.execute<typeof sleepyWorkflow>('sleepyWorkflow', {
          taskQueue: 'sleepy',
          workflowId: `sleepy-${Date.now()}`,
          // Refused by the test server unless createTimeSkippingEnv registered the attribute.
          searchAttributes: { SopflowTicketId: ['T-7'] },
        }),
      );
      expect(result.wokeAtMs - result.startedAtMs).to.be.at.least(TWO_DAYS_MS);
      expect((await env.currentTimeMs()) - serverStartMs).to.be.at.least(TWO_DAYS_MS);
      // Proof that time was skipped rather than waited out.
      expect(Date.now() - realStart).to.be.below(60_000);
    });
  });

  it('kills the test server when a process exits without teardown (as mocha --exit does)', async function () {
    this.timeout(60_000);
    const servers = require.resolve('../src/servers');
    const script = `require(${JSON.stringify(servers)}).createTimeSkippingEnv()
      .then((env) => { process.stdout.write(env.address + '\\n'); process.exit(0); })`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
      cwd: join(__dirname, '..'),
    });
    const port = Number(stdout.trim().split(':').pop());
    expect(port, stdout).to.be.greaterThan(0);
    expect(await portClosed(port, 5_000), `test server on port ${port} outlived its parent`).to.equal(true);
  });

  describe('dev server process', () => {
    let dataDir: string;
    let server: DevServerHandle | undefined;
    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'sopflow-dev-server-'));
    });
    after(async () => {
      await server?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('keeps workflows in its SQLite file across a restart', async function () {
      this.timeout(180_000);
      const searchAttributes = { SopflowTicketId: 'Keyword' } as const;
      server = await startDevServer({ dataDir, port: 0, uiPort: 0, searchAttributes });
      const workflowId = `persisted-${Date.now()}`;
      let connection = await Connection.connect({ address: server.address });
      try {
        // Nobody polls this queue: the workflow just stays open, which is what we want to find again.
        await new Client({ connection }).workflow.start('sleepyWorkflow', {
          taskQueue: 'nobody-polls',
          workflowId,
          searchAttributes: { SopflowTicketId: ['T-42'] },
        });
      } finally {
        await connection.close();
      }
      // A second server on a busy port must be refused, not silently share it (the CLI binds with SO_REUSEPORT).
      const busyPort = Number(server.address.split(':')[1]);
      const otherDir = await mkdtemp(join(tmpdir(), 'sopflow-dev-server-'));
      try {
        const second = startDevServer({ dataDir: otherDir, port: busyPort, uiPort: 0 });
        await second.then(
          async (unexpected) => {
            await unexpected.stop();
            expect.fail('a second dev server started on a busy port');
          },
          (err: Error) => expect(err.message).to.match(/already in use/),
        );
      } finally {
        await rm(otherDir, { recursive: true, force: true });
      }

      await server.stop();
      server = undefined;

      server = await startDevServer({ dataDir, port: 0, uiPort: 0, searchAttributes });
      connection = await Connection.connect({ address: server.address });
      try {
        const description = await new Client({ connection }).workflow.getHandle(workflowId).describe();
        expect(description.status.name).to.equal('RUNNING');
        expect(description.type).to.equal('sleepyWorkflow');
        expect(description.searchAttributes['SopflowTicketId']).to.deep.equal(['T-42']);
      } finally {
        await connection.close();
      }
    });
  });
});
