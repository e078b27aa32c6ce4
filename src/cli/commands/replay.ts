import { existsSync } from 'node:fs';
import { Command, Option } from 'commander';
import { DEFAULT_HISTORY_DIR, historyFiles } from '../../testing/history-files';
import type { ReplayOutcome } from '../../testing/replay-histories';
import { installCliRuntime } from '../cli-runtime';
import { SopflowError } from '../../errors/sopflow-error';

/** The printed report and the exit code: 1 when any history fails to replay. */
export interface ReplayCommandOutcome {
  exitCode: number;
  output: string;
  outcomes: ReplayOutcome[];
}

/** Replays every recorded history under `path` with the current workflow code. */
export async function runReplayCommand(path: string = DEFAULT_HISTORY_DIR, format: 'text' | 'json' = 'text'): Promise<ReplayCommandOutcome> {
  if (!existsSync(path)) {
    throw new SopflowError(`no recorded histories at ${path}`, { code: 'NO_HISTORIES', suggestion: 'record some with: sopflow test --record test/histories' });
  }
  const files = historyFiles(path);
  if (files.length === 0) throw new SopflowError(`no *.json histories under ${path}`, { code: 'NO_HISTORIES', suggestion: 'record some with: sopflow test --record test/histories' });
  await installCliRuntime();
  const { replayHistories } = require('../../testing/replay-histories') as typeof import('../../testing/replay-histories');
  const outcomes = await replayHistories(files);
  const failed = outcomes.filter((outcome) => !outcome.ok);
  const exitCode = failed.length > 0 ? 1 : 0;
  if (format === 'json') return { exitCode, outcomes, output: `${JSON.stringify({ ok: exitCode === 0, histories: outcomes }, null, 2)}\n` };
  const lines = outcomes.map((outcome) =>
    outcome.ok ? `✓ ${outcome.file}` : `✗ ${outcome.file}: ${outcome.nondeterministic ? 'NON-DETERMINISTIC — ' : ''}${outcome.error ?? 'failed'}`,
  );
  lines.push(`${outcomes.length - failed.length}/${outcomes.length} histories replay with the current workflow code${failed.length ? `; ${failed.length} do not` : ''}`);
  return { exitCode, outcomes, output: `${lines.join('\n')}\n` };
}

/** `sopflow replay [dir]`: replays recorded histories and fails on any non-determinism. */
export const replayCommand = new Command('replay')
  .description('replay recorded workflow histories with the current workflow code; fails on any non-determinism')
  .argument('[dir]', 'directory (or single file) of recorded histories', DEFAULT_HISTORY_DIR)
  .addOption(new Option('--format <format>', 'report format').choices(['text', 'json']).default('text'))
  .action(async (dir: string, options: { format: 'text' | 'json' }) => {
    const outcome = await runReplayCommand(dir, options.format);
    process.stdout.write(outcome.output);
    process.exitCode = outcome.exitCode;
  });
