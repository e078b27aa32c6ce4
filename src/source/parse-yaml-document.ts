import { parseDocument } from 'yaml';
import type { Document, LineCounter } from 'yaml';

/**
 * Parses one YAML document with the `yaml` library the way sources are checked: strict-mode
 * problems are errors, messages stay short (we position them ourselves), and `lineCounter`
 * learns where every line starts. Duplicate keys are not checked here: the library's check is
 * quadratic in the size of a map, so `PositionedYaml` finds them itself in one walk.
 */
export function parseYamlDocument(text: string, lineCounter: LineCounter): Document.Parsed {
  return parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true });
}
