import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { HistoryAndWorkflowId } from '@temporalio/common';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { ticketWorkflowBundle } from '../src/runtime/workflow-bundle';
import { emitJson } from './json-output';
import { workflowPromises } from './workflow-promises';

/** A recorded password-reset ticket: opened, escalated, asked the customer, the customer replied (36 events). */
const HISTORY = join(__dirname, '..', 'test', 'histories', 'password-reset', 'p09-escalate-ask-customer-customer-replied.json');
const REPLAYS = Number(process.env['SOPFLOW_BENCH_REPLAYS'] ?? 100);

/**
 * `npm run bench -- replay`: what an event to an evicted ticket costs the worker before the
 * event itself: replaying the ticket's history. Replays one recorded history 100 times on one
 * replay worker (no server: history fetch and network are not in it) and reports the time and
 * this process's CPU per replay, beside the history's size and how much of it is the input.
 */
export async function runReplayBench(): Promise<void> {
  const json = JSON.parse(readFileSync(HISTORY, 'utf8')) as { events: Array<Record<string, unknown>> };
  const bytes = JSON.stringify(json).length;
  const inputBytes = JSON.stringify(json.events[0]).length;
  const history = historyFromJSON(json);
  const workflowBundle = await ticketWorkflowBundle();
  const histories = function* (count: number): Generator<HistoryAndWorkflowId> {
    for (let i = 0; i < count; i++) yield { workflowId: `replay-${i}`, history };
  };
  // A warm-up: the worker's start and the first replays' compilation of the bundle.
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'sopflow-bench-replay' }, histories(20))) {
    if (result.error) throw new Error(`the recorded history does not replay: ${String(result.error)}`);
  }
  const cpuBefore = process.cpuUsage();
  const began = performance.now();
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: 'sopflow-bench-replay' }, histories(REPLAYS))) {
    if (result.error) throw new Error(`the recorded history does not replay: ${String(result.error)}`);
  }
  const wallMs = (performance.now() - began) / REPLAYS;
  const cpu = process.cpuUsage(cpuBefore);
  // The first workflow task alone (up to its first completion and the commands after it): what a new ticket costs.
  const firstTask = historyFromJSON({ ...json, events: json.events.slice(0, firstTaskEnd(json.events)) });
  const promises = { replay: await workflowPromises(workflowBundle, history), firstTask: await workflowPromises(workflowBundle, firstTask) };
  const cpuMs = (cpu.user + cpu.system) / 1000 / REPLAYS;
  console.log(
    `replay: ${REPLAYS} replays of a ${json.events.length}-event history (${(bytes / 1024).toFixed(1)} KiB, ${((100 * inputBytes) / bytes).toFixed(0)}% of it the start event with the flow and calendar): ` +
      `${wallMs.toFixed(1)} ms and ${cpuMs.toFixed(1)} ms CPU per replay (load ${loadavg().map((value) => value.toFixed(2)).join(' ')})`,
  );
  console.log(`replay: promises created by workflow code (each costs a stack trace in the SDK's hook): ${promises.replay} per replay, ${promises.firstTask} in the first workflow task`);
  emitJson({ bench: 'replay', replays: REPLAYS, historyEvents: json.events.length, historyBytes: bytes, inputBytes, msPerReplay: Number(wallMs.toFixed(2)), cpuMsPerReplay: Number(cpuMs.toFixed(2)), promisesPerReplay: promises.replay, promisesFirstTask: promises.firstTask });
}

/** Events up to the first workflow task's completion and the commands recorded after it (until the next task is scheduled). */
function firstTaskEnd(events: ReadonlyArray<Record<string, unknown>>): number {
  const completed = events.findIndex((event) => event['eventType'] === 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED');
  const next = events.findIndex((event, index) => index > completed && event['eventType'] === 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED');
  return next === -1 ? events.length : next;
}
