import { TestWorkflowEnvironment } from '@temporalio/testing';
import type {
  LocalTestWorkflowEnvironmentOptions,
  TimeSkippingTestWorkflowEnvironmentOptions,
} from '@temporalio/testing';
import { ensureDevServerBinary } from './dev-server-binary';
import { ensureTestServerBinary } from './test-server-binary';

/** `TestWorkflowEnvironment.createTimeSkipping` on the test server obtained by {@link ensureTestServerBinary}. */
export async function createTimeSkippingEnv(
  opts: TimeSkippingTestWorkflowEnvironmentOptions = {},
): Promise<TestWorkflowEnvironment> {
  const path = await ensureTestServerBinary();
  return TestWorkflowEnvironment.createTimeSkipping({
    ...opts,
    server: { ...opts.server, executable: { type: 'existing-path', path } },
  });
}

/** `TestWorkflowEnvironment.createLocal` (an in-memory dev server) on the CLI from {@link ensureDevServerBinary}. */
export async function createLocalEnv(opts: LocalTestWorkflowEnvironmentOptions = {}): Promise<TestWorkflowEnvironment> {
  const path = await ensureDevServerBinary();
  return TestWorkflowEnvironment.createLocal({
    ...opts,
    server: { ...opts.server, executable: { type: 'existing-path', path } },
  });
}
