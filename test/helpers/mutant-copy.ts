import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EngineMutant } from './engine-mutants';

/** The project root the copies are made from. */
const ROOT = resolve(__dirname, '..', '..');

/**
 * A copy of the sources with one mutant applied, in a directory of its own (its
 * `node_modules` is a link to the project's), so the engine under test is mutated without
 * touching the project's files or any switch in the engine.
 */
export function mutantCopy(mutant: EngineMutant | undefined): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `sopflow-mutant-${mutant?.id ?? 'none'}-`));
  for (const part of ['src', 'bin', 'templates']) cpSync(join(ROOT, part), join(dir, part), { recursive: true });
  for (const file of ['package.json', 'tsconfig.json']) cpSync(join(ROOT, file), join(dir, file));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const { file, from, to } of mutant?.replacements ?? []) {
    const path = join(dir, file);
    const text = readFileSync(path, 'utf8');
    const count = text.split(from).length - 1;
    if (count !== 1) throw new Error(`mutant ${mutant!.id}: expected the text to replace once in ${file}, found it ${count} times; update test/helpers/engine-mutants.ts to the engine's current text:\n${from}`);
    writeFileSync(path, text.replace(from, () => to));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `sopflow <args>` of a copy with the project directory as working directory (its flows). */
export async function runCopiedCli(dir: string, args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(dir, 'bin', 'sopflow.js'), ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, output: `${stdout}${stderr}` });
    });
  });
}
