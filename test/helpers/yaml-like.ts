import fc from 'fast-check';

/*
 * Random YAML-like documents for differential tests of the simple YAML reader: mostly the
 * shapes flows use, written with the mistakes and rarer features that must make the reader
 * step aside (odd indentation, anchors, tags, numbers in every notation, multi-line text,
 * tabs, comments in the wrong place).
 */

/** Scalars as flows write them after `key:` or `- `. */
const USUAL_SCALARS = [
  'x', 'hello world', "it's", "New Year's Day", 'a:b', 'a #c', 'a#c', 'a,b', 'a, b', 'x # c', 'ü', 'Übergabe an L2', 'x  ', 'a  b',
  '{a: 1}', '{ a: 1, b: [x, y] }', '[]', '{}', '[a, [b, [c]]]', '{a: {b: c}}', '[ "a", \'b\' ]', '{a: "x", b: \'y\'}', '[-1, 2]',
  "{ date: '01-01', name: New Year's Day }", '{ easter: -2, name: Good Friday }', '[a, b] # c', '{ P1: 15m, P2: 30m }',
  '"q"', '"a\\"b"', '"a\\\\b"', '"a\\nb"', '"a\\tb"', "'a''b'", "'x' # c", '""', "''", '" "', '"x: y"', "'#'",
  'true', 'True', 'TRUE', 'tRUE', 'false', 'False', 'null', 'Null', 'NULL', 'nULL', '~', 'yes', 'no', 'on', 'off',
  '0', '1', '-1', '42', '1.5', '-0.25', '10.0', '-0.0', '007.5', '999999999999999', '15m', '1h30m', '5d', '08:00', '1:30', '190:20:30', '2024-01-01', '-5d', '1_000', 'P1', 'L2',
];

/** Scalars only `yaml` may judge: other notations, indicators, broken quoting, things that are errors. */
const RARE_SCALARS = [
  'a: b', '[x]', 'x]', 'x}', '[a, ]', '[a,, b]', '{a}', '{a: }', '{a:b}', '[a: b]', '[a, b]#c', '[a, b', '{a: b', '[a #b]',
  '[08:00, 17:00]', '[-1, +1, 1.5, 0x1F]', '"a\\x41"', '"a\\u00e9"', '"a\\/b"', '"a\\', "'a", '"a', '"x" y', '"x"#c',
  '-0', '+1', '01', '007', '1.', '.5', '-.5', '1e3', '1E3', '1e+3', '1.5e-3', '0x1F', '0X1F', '0o17', '0O17', '0b1',
  '.inf', '-.inf', '+.inf', '.Inf', '.nan', '.NaN', '.NAN', '12345678901234567', 'y', 'n',
  '-', '- x', '-x', '--', '---', '...', '?', '? x', '?x', ':', ': x', ':x', '&a x', '*a', '!tag x', '!!str 1', '%x', '@x', '`x',
  '|', '>', '|-', '>-', '|+', '>+', '|2', '>1-', '| # c', '> x', '#c', ' x', 'x\t', '\tx', 'x\r', '<< x', '=', '__proto__', 'x: ',
];

/** Keys as flows write them. */
const USUAL_KEYS = ['a', 'b', 'c', 'id', 'title', 'P1', 'P2', '5d', '24h', 'l1_x', 'first-response', 'a.b', 'a/b', 'NEXT', '1', '2', 'constructor', 'toString'];

/** Keys only `yaml` may judge. */
const RARE_KEYS = ['01', '-1', '1.5', '1.50', '10.0', '1e3', '0x1', 'true', 'True', 'null', '~', 'no', '__proto__', 'a b', '"q"', "'q'", '-x', '? a', 'x:y', '<<', '&a a', '!t a', 'ü', 'a ', 'a\t'];

const scalarText = fc.oneof({ arbitrary: fc.constantFrom(...USUAL_SCALARS), weight: 12 }, { arbitrary: fc.constantFrom(...RARE_SCALARS), weight: 1 });
const key = fc.oneof({ arbitrary: fc.constantFrom(...USUAL_KEYS), weight: 25 }, { arbitrary: fc.constantFrom(...RARE_KEYS), weight: 1 });

/** Lines of a block scalar: relative indentation (or a blank line) and text. */
const BLOCK_LINES = fc.oneof(
  { arbitrary: fc.constantFrom('text', 'more text', '# not a comment', 'a: b', '- x', "it's [x]", ''), weight: 10 },
  { arbitrary: fc.constantFrom('  indented', 'trailing ', ' ', '   ', '\t', 'x\ty'), weight: 1 },
);

type YamlLike =
  | { kind: 'scalar'; text: string }
  | { kind: 'block'; header: string; step: number; lines: Array<{ extra: number; text: string }> }
  | { kind: 'map'; step: number; comment: boolean; entries: Array<{ key: string; value: YamlLike }> }
  | { kind: 'list'; step: number; atKeyColumn: boolean; compact: boolean; items: YamlLike[] };

const step = fc.constantFrom(1, 2, 2, 2, 3, 4);

const yamlLike = fc.letrec<{ node: YamlLike }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ kind: fc.constant('scalar' as const), text: scalarText }),
    fc.record({
      kind: fc.constant('block' as const),
      header: fc.constantFrom('|', '>', '|-', '>-', '|', '>', '|-', '>-', '|+', '>2', '| # c', '>  '),
      step,
      lines: fc.array(fc.record({ extra: fc.constantFrom(0, 0, 0, 0, 0, 0, 0, 0, 1, -1), text: BLOCK_LINES }), { maxLength: 5 }),
    }),
    fc.record({
      kind: fc.constant('map' as const),
      step,
      comment: fc.boolean(),
      entries: fc.array(fc.record({ key, value: tie('node') }), { minLength: 1, maxLength: 4 }),
    }),
    fc.record({
      kind: fc.constant('list' as const),
      step,
      atKeyColumn: fc.boolean(),
      compact: fc.boolean(),
      items: fc.array(tie('node'), { minLength: 1, maxLength: 4 }),
    }),
  ),
})).node;

/** Something that can go wrong between lines: a stray line at some indentation. */
const stray = fc.record({
  at: fc.nat(),
  indent: fc.nat({ max: 6 }),
  text: fc.constantFrom('# comment', '', '---', '...', 'x', 'a: 1', '- y', '%YAML 1.2', '\t', 'k:\tv', '  # indented comment'),
});

/** A document: a root map, sometimes with stray lines and a missing final newline. */
export const yamlLikeDocument: fc.Arbitrary<string> = fc
  .record({
    entries: fc.array(fc.record({ key, value: yamlLike }), { minLength: 1, maxLength: 5 }),
    strays: fc.oneof({ arbitrary: fc.constant([]), weight: 4 }, { arbitrary: fc.array(stray, { minLength: 1, maxLength: 2 }), weight: 1 }),
    finalNewline: fc.boolean(),
  })
  .map(({ entries, strays, finalNewline }) => {
    const lines = renderEntries(entries, 0);
    for (const { at, indent, text } of strays) lines.splice(at % (lines.length + 1), 0, ' '.repeat(indent) + text);
    return lines.join('\n') + (finalNewline ? '\n' : '');
  });

function renderEntries(entries: Array<{ key: string; value: YamlLike }>, col: number): string[] {
  return entries.flatMap(({ key, value }) => {
    const rendered = renderValue(value, col, 'map');
    return [`${' '.repeat(col)}${key}:${rendered.inline}`, ...rendered.lines];
  });
}

/** The text after `key:` or `-` on its own line, and the lines that follow. */
function renderValue(node: YamlLike, col: number, owner: 'map' | 'list'): { inline: string; lines: string[] } {
  switch (node.kind) {
    case 'scalar':
      return { inline: node.text === '' ? '' : ` ${node.text}`, lines: [] };
    case 'block':
      return {
        inline: ` ${node.header}`,
        lines: node.lines.map(({ extra, text }) => (text === '' ? '' : ' '.repeat(Math.max(0, col + node.step + extra)) + text)),
      };
    case 'map':
      return { inline: node.comment ? ' # c' : '', lines: renderEntries(node.entries, col + node.step) };
    case 'list':
      return { inline: '', lines: renderList(node, owner === 'map' && node.atKeyColumn ? col : col + node.step) };
  }
}

function renderList(list: Extract<YamlLike, { kind: 'list' }>, col: number): string[] {
  return list.items.flatMap((item) => {
    if (list.compact && item.kind === 'map') {
      // `- key: value`, the rest of the map lined up under the first key.
      const [first, ...rest] = item.entries;
      const rendered = renderValue(first!.value, col + 2, 'map');
      return [`${' '.repeat(col)}- ${first!.key}:${rendered.inline}`, ...rendered.lines, ...renderEntries(rest, col + 2)];
    }
    const rendered = renderValue(item, col, 'list');
    return [`${' '.repeat(col)}-${rendered.inline}`, ...rendered.lines];
  });
}
