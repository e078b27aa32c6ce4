import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Default directory of recorded histories. */
export const DEFAULT_HISTORY_DIR = join('test', 'histories');

/** Every `*.json` file under `path` (or `path` itself), in name order. Without the SDK, so listing costs nothing. */
export function historyFiles(path: string): string[] {
  if (statSync(path).isFile()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => (entry.isDirectory() ? historyFiles(join(path, entry.name)) : entry.name.endsWith('.json') ? [join(path, entry.name)] : []));
}
