import { bundleWorkflowCode } from '@temporalio/worker';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/**
 * Modules every ticket run in a worker thread shares instead of loading its own copy. The SDK
 * gives each workflow run its own instance of every module, so a module-level cache lives only
 * as long as one ticket stays in the worker's cache: every replay of an evicted ticket would
 * start with empty caches. These hold pure, content-keyed caches (a calendar's working time per
 * day, the time zone rules behind it), so sharing them changes no result, only the time a
 * replay takes. The SDK deep-freezes shared modules' exports; nothing here writes to them.
 * XState cannot be shared this way (its constructors assign to frozen prototypes' methods).
 */
const SHARED_MODULES = [require.resolve('../sla/working-interval-cache')];

/** Path of the workflows entry module. */
export const workflowsPath = require.resolve('../workflows');

/**
 * The workflow code bundled once per process: bundling takes seconds, and tests and the demo
 * start several workers.
 */
export function ticketWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, preloadModules: SHARED_MODULES, logger: quietLogger });
  return bundle;
}

const noop = (): void => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: (message: string) => console.error(message), log: noop };
