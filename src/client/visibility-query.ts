/**
 * Visibility queries built in one place, so every value is quoted the same way: an agent or
 * customer id with a quote or a backslash can neither break a query nor widen it.
 */

/** A value as a quoted visibility-query string literal. */
export function quoteValue(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** `Attribute = 'value'` for each pair, joined with AND; `raw` parts (already queries) are added in parentheses. */
export function visibilityQuery(equals: ReadonlyArray<readonly [attribute: string, value: string]>, raw: readonly string[] = []): string {
  return [...equals.map(([attribute, value]) => `${attribute} = ${quoteValue(value)}`), ...raw.map((part) => `(${part})`)].join(' AND ');
}
