import { promiseHooks } from 'node:v8';
import type { History } from '@temporalio/common/lib/proto-utils';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { Worker } from '@temporalio/worker';

/**
 * How many promises workflow code creates while one history replays: the SDK's promise hook
 * records a stack trace for each of them (it cannot be switched off), which is a large part of
 * what a workflow task costs the worker. A replay worker runs workflows in this thread (the SDK's
 * debug mode), so a hook here sees their promises; a promise belongs to a workflow when its
 * constructor is the sandbox's `Promise`, not this realm's.
 */
export async function workflowPromises(workflowBundle: WorkflowBundleWithSourceMap, history: History): Promise<number> {
  let count = 0;
  const stop = promiseHooks.onInit((promise) => {
    if (promise.constructor !== Promise) count += 1;
  });
  try {
    await Worker.runReplayHistory({ workflowBundle, replayName: 'sopflow-bench-promises' }, history, 'promises');
  } finally {
    stop();
  }
  return count;
}
