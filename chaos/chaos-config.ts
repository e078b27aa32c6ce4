import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';

const PROJECT = resolve(__dirname, '..');

/**
 * The project's own configuration (pools, templates, channels) written into the run directory
 * with the run's outbox and secrets there too, so runs never share an outbox or touch the
 * checkout's `.sopflow/`. Returns the file's path.
 */
export function writeChaosConfig(runDir: string): string {
  const document = parseDocument(readFileSync(join(PROJECT, 'sopflow.config.yaml'), 'utf8'));
  document.setIn(['notify', 'outboxDir'], join(runDir, 'outbox'));
  document.setIn(['notify', 'templatesDir'], join(PROJECT, 'templates'));
  document.setIn(['web', 'secretFile'], join(runDir, 'web-secret'));
  const file = join(runDir, 'sopflow.config.yaml');
  writeFileSync(file, document.toString());
  return file;
}

/** The project's flows directory. */
export const FLOWS_DIR = join(PROJECT, 'flows');
