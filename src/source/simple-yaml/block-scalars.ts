import { notSimple } from './scalars';

/**
 * A literal (`|`) or folded (`>`) block scalar, optionally stripped (`|-`, `>-`), as flows
 * write descriptions: every line at the same indentation, paragraphs separated by empty lines.
 * More-indented lines, leading or whitespace-only blank lines, trailing spaces, `+` and
 * indentation indicators change the value in ways only `yaml` should be trusted with.
 *
 * `header` is the line holding the indicator at `at`; `parentIndent` the indentation of the
 * map or list the scalar belongs to. Returns the value and the index of the first line after it.
 */
export function blockScalar(lines: readonly string[], header: number, at: number, parentIndent: number): { value: string; next: number } {
  const headerLine = lines[header]!;
  const folded = headerLine[at] === '>';
  const strip = headerLine[at + 1] === '-';
  if (headerLine.slice(at + (strip ? 2 : 1)).trim() !== '') notSimple('block scalar header');
  const first = lines[header + 1];
  const indent = first === undefined ? 0 : indentation(first);
  if (first === undefined || indent <= parentIndent || indent === first.length) notSimple('block scalar start');
  let value = '';
  let blanks = 0;
  let i = header + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') {
      blanks++;
      continue;
    }
    const lineIndent = indentation(line);
    if (lineIndent < indent) {
      if (lineIndent > parentIndent || lineIndent === line.length) notSimple('block scalar end');
      break;
    }
    if (lineIndent > indent || line.endsWith(' ')) notSimple('block scalar line');
    if (i > header + 1) value += blanks > 0 ? '\n'.repeat(folded ? blanks : blanks + 1) : folded ? ' ' : '\n';
    value += line.slice(indent);
    blanks = 0;
  }
  // Without a line break after the last line, clipping keeps none; rare enough to leave to `yaml`.
  if (i === lines.length && blanks === 0) notSimple('block scalar at the end of the file');
  return { value: strip ? value : `${value}\n`, next: i - blanks };
}

export function indentation(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 0x20) i++;
  return i;
}
