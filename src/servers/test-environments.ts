import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { TimeSkippingTestWorkflowEnvironmentOptions } from '@temporalio/testing';
import { killChildServerOnExit } from './orphan-guard';
import { toIndexedValueTypes } from './search-attribute-types';
import type { SearchAttributeDefinitions } from './search-attribute-types';
import { ensureTestServerBinary } from './test-server-binary';

/** SDK options plus custom search attributes, which the test server only accepts once registered. */
export type TimeSkippingEnvOptions = TimeSkippingTestWorkflowEnvironmentOptions & {
  searchAttributes?: SearchAttributeDefinitions;
};

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
