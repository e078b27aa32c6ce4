import { TestWorkflowEnvironment } from '@temporalio/testing';
import type {
  LocalTestWorkflowEnvironmentOptions,
  TimeSkippingTestWorkflowEnvironmentOptions,
} from '@temporalio/testing';
import { ensureDevServerBinary } from './dev-server-binary';
import { killChildServerOnExit } from './orphan-guard';
import { toIndexedValueTypes, toSearchAttributeKeys } from './search-attribute-types';
import type { SearchAttributeDefinitions } from './search-attribute-types';
import { ensureTestServerBinary } from './test-server-binary';

/** SDK options plus custom search attributes, which the test server only accepts once registered. */
export type TimeSkippingEnvOptions = TimeSkippingTestWorkflowEnvironmentOptions & {
  searchAttributes?: SearchAttributeDefinitions;
};

/** SDK options plus custom search attributes in the same shape as for the time-skipping environment. */
export type LocalEnvOptions = LocalTestWorkflowEnvironmentOptions & { searchAttributes?: SearchAttributeDefinitions };

/** `TestWorkflowEnvironment.createTimeSkipping` on the test server from {@link ensureTestServerBinary}. */
export async function createTimeSkippingEnv(opts: TimeSkippingEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  const { searchAttributes, ...sdkOpts } = opts;
  const path = await ensureTestServerBinary();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    ...sdkOpts,
    server: { ...sdkOpts.server, executable: { type: 'existing-path', path } },
  });
  await guardAgainstOrphan(env);
  if (searchAttributes && Object.keys(searchAttributes).length > 0) {
    try {
      // The Java test server has no start-up flag for these, but implements OperatorService.addSearchAttributes.
      await env.connection.operatorService.addSearchAttributes({
        namespace: env.namespace ?? 'default',
        searchAttributes: toIndexedValueTypes(searchAttributes),
      });
    } catch (err) {
      await env.teardown();
      throw err;
    }
  }
  return env;
}

/** `TestWorkflowEnvironment.createLocal` (an in-memory dev server) on the CLI from {@link ensureDevServerBinary}. */
export async function createLocalEnv(opts: LocalEnvOptions = {}): Promise<TestWorkflowEnvironment> {
  const { searchAttributes, ...sdkOpts } = opts;
  const path = await ensureDevServerBinary();
  const env = await TestWorkflowEnvironment.createLocal({
    ...sdkOpts,
    server: {
      ...sdkOpts.server,
      executable: { type: 'existing-path', path },
      ...(searchAttributes ? { searchAttributes: toSearchAttributeKeys(searchAttributes) } : {}),
    },
  });
  await guardAgainstOrphan(env);
  return env;
}

/** Makes sure the server dies with this process even if `teardown()` is never reached. */
async function guardAgainstOrphan(env: TestWorkflowEnvironment): Promise<void> {
  const port = Number(env.address.split(':').pop());
  if (!port) return;
  const disarm = await killChildServerOnExit(port);
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    disarm();
    await teardown();
  };
}
