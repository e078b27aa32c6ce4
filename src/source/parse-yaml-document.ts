import { parseDocument } from 'yaml';
import type { Document, LineCounter } from 'yaml';

/**
 * Parses one YAML document with the `yaml` library the way sources are checked: duplicate keys
 * and strict-mode problems are errors, messages stay short (we position them ourselves), and
 * `lineCounter` learns where every line starts.
 */
export function parseYamlDocument(text: string, lineCounter: LineCounter): Document.Parsed {
  return parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
}
