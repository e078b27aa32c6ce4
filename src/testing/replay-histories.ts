import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { HistoryAndWorkflowId } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { ticketWorkflowBundle } from '../runtime/workflow-bundle';

/** How one recorded history replayed against the current workflow code. */
export interface ReplayOutcome {
  file: string;
  ok: boolean;
  /** The workflow code no longer issues the commands the history recorded. */
  nondeterministic: boolean;
  error?: string;
}

export { DEFAULT_HISTORY_DIR, historyFiles } from './history-files';

/**
 * Replays recorded histories with the real workflow bundle. A history the current code would
 * not have produced (a changed command sequence) fails with a determinism violation, which is
 * what a deployment of that code would do to every running ticket of that shape.
 */
export async function replayHistories(files: readonly string[], base = '.'): Promise<ReplayOutcome[]> {
  const outcomes = new Map<string, ReplayOutcome>();
  const histories: HistoryAndWorkflowId[] = [];
  for (const file of files) {
    const name = displayName(file, base);
    try {
      histories.push({ workflowId: name, history: historyFromJSON(JSON.parse(readFileSync(file, 'utf8'))) });
    } catch (error) {
      outcomes.set(name, { file: name, ok: false, nondeterministic: false, error: `cannot read history: ${message(error)}` });
    }
  }
  if (histories.length > 0) {
    const results = Worker.runReplayHistories({ workflowBundle: await ticketWorkflowBundle(), replayName: 'sopflow-replay' }, histories);
    for await (const result of results) {
      outcomes.set(result.workflowId, {
        file: result.workflowId,
        ok: result.error === undefined,
        nondeterministic: result.error instanceof DeterminismViolationError,
        ...(result.error ? { error: reason(result.error) } : {}),
      });
    }
  }
  return files.map((file) => outcomes.get(displayName(file, base)) ?? { file, ok: false, nondeterministic: false, error: 'not replayed' });
}

/** A file as shown in reports: relative to `base` when it lies below it. */
function displayName(file: string, base: string): string {
  const name = relative(base, file);
  return name && !name.startsWith('..') ? name : file;
}

/** The core's own one-line reason (`[TMPRL1100] Nondeterminism error: …`) instead of the wrapped failure dump. */
function reason(error: unknown): string {
  const text = message(error);
  return /message: "([^"]+)"/.exec(text)?.[1] ?? text;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
