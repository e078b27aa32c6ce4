/**
 * Whole-word, case-insensitive matching of keywords and phrases in any script sopflow's
 * desks write (Störung, STÖRUNG; zgłoszenie, ZGŁOSZENIE): a word boundary is anything that is
 * not a letter or digit in Unicode terms, which `\b` (ASCII only) would get wrong for "ö" or "ł".
 */
export function keywordPattern(keyword: string): RegExp {
  const words = keyword.normalize('NFC').trim().split(/\s+/).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu');
}

/** The first keyword found in the text, or undefined. */
export function findKeyword(patterns: ReadonlyArray<{ keyword: string; pattern: RegExp }>, text: string): string | undefined {
  const normalized = text.normalize('NFC');
  return patterns.find(({ pattern }) => pattern.test(normalized))?.keyword;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
