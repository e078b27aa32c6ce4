import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error';
import type { ConfigIssue } from './config-error';
import { hasEnvReference, interpolateEnv, scalarAt } from './env-interpolation';
import { positionInDocument } from '../source/document-position';
import { SECRET_PATHS, configSchema } from './schema';
import type { SopflowConfig } from './schema';

/** Renders a schema path the way people write it: `pools.L1.agents[2].email`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${String(seg)}` : String(seg)),
    '',
  );
}

function describeZodIssue(issue: z.core.$ZodIssue, present: boolean): string {
  // zod only sees `undefined` for a key that was never written; say so instead of "expected string".
  if (issue.code === 'invalid_type' && !present) return 'is required';
  // A bad record key carries the key schema's own (more helpful) message underneath.
  if (issue.code === 'invalid_key') return `invalid key: ${issue.issues[0]?.message ?? issue.message}`;
  return issue.message;
}

/**
 * Validates config text. `fileName` is used in messages, `baseDir` resolves relative paths,
 * `env` supplies `${VAR}` references. Throws `ConfigError` listing every problem.
 */
export function parseConfig(
  text: string,
  fileName: string,
  env: NodeJS.ProcessEnv = process.env,
  baseDir = '.',
): SopflowConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const issue = (line: number, col: number, path: string, message: string): ConfigIssue => ({ file: fileName, line, col, path, message });

  // Syntax errors make the tree unreliable, so report them alone.
  if (doc.errors.length > 0) {
    const lines = text.split('\n');
    const seen = new Set<number>();
    const syntax: ConfigIssue[] = [];
    for (const e of doc.errors) {
      const line = e.linePos?.[0].line ?? 1;
      // One broken construct often yields a cascade of errors on the same line; the first says it best.
      if (seen.has(line)) continue;
      seen.add(line);
      // `{` and `}` are YAML flow syntax, so an unquoted ${VAR} inside { … } or [ … ] breaks parsing.
      const hint = lines[line - 1]?.includes('${') ? ' (quote values containing ${…} inside { } or [ ])' : '';
      syntax.push(issue(line, e.linePos?.[0].col ?? 1, '', `${e.message.split('\n')[0] ?? e.message}${hint}`));
    }
    throw new ConfigError(syntax);
  }

  const issues: ConfigIssue[] = [];
  const at = (path: readonly PropertyKey[], message: string, atKey = false): void => {
    const pos = positionInDocument(doc, lineCounter, path, atKey ? 'key' : 'value');
    issues.push(issue(pos.line, pos.col, formatPath(path), message));
  };

  const { originals, missing } = interpolateEnv(doc, env);
  const missingNodes = new Set(missing.map((m) => m.node));
  for (const m of missing) {
    const pos = lineCounter.linePos(m.node.range?.[0] ?? 0);
    issues.push(issue(pos.line, pos.col, formatPath(m.path), `environment variable ${m.name} is not set`));
  }

  for (const path of SECRET_PATHS) {
    const node = scalarAt(doc, path);
    if (node && !hasEnvReference(originals.get(node) ?? String(node.value))) {
      at(path, 'secrets must come from the environment: write a reference such as ${SMTP_PASSWORD} instead of the value');
    }
  }

  const parsed = configSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    for (const zi of parsed.error.issues) {
      const path = zi.path as PropertyKey[];
      // A value still holding an unset `${VAR}` has already been reported by name.
      const node = scalarAt(doc, path as (string | number)[]);
      if (node && missingNodes.has(node)) continue;
      if (zi.code === 'unrecognized_keys') {
        for (const key of zi.keys) at([...path, key], `unknown key "${key}"`, true);
        continue;
      }
      at(path, describeZodIssue(zi, doc.hasIn(path as unknown[])), zi.code === 'invalid_key');
    }
  }

  if (issues.length > 0 || !parsed.success) {
    issues.sort((a, b) => a.line - b.line || a.col - b.col);
    throw new ConfigError(issues);
  }

  const config = parsed.data;
  config.notify.outboxDir = resolve(baseDir, config.notify.outboxDir);
  config.notify.templatesDir = resolve(baseDir, config.notify.templatesDir);
  config.web.secretFile = resolve(baseDir, config.web.secretFile);
  return config;
}

/** Reads and validates `sopflow.config.yaml` (or another path); throws `ConfigError` listing every problem. */
export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): SopflowConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([{ file: path, line: 1, col: 1, path: '', message: `cannot read the file: ${(err as Error).message}` }]);
  }
  return parseConfig(text, path, env, dirname(resolve(path)));
}
