import type { ArchiveQuery } from './types';

/** The WHERE clause of a read by window `[from, to)` on a timestamp column, and by flow; `from` and `to` name their parameters. */
export function window(column: string, query: ArchiveQuery): { where: string; params: unknown[]; from?: string; to?: string } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const bounds: { from?: string; to?: string } = {};
  if (query.from !== undefined) {
    params.push(instant(query.from, 'from'));
    bounds.from = `$${params.length}`;
    conditions.push(`${column} >= ${bounds.from}`);
  }
  if (query.to !== undefined) {
    params.push(instant(query.to, 'to'));
    bounds.to = `$${params.length}`;
    conditions.push(`${column} < ${bounds.to}`);
  }
  if (query.flow !== undefined) {
    params.push(query.flow);
    conditions.push(`flow_id = $${params.length}`);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params, ...bounds };
}

/** An instant of a query as ISO text; a clear error naming the bound otherwise. */
export function instant(value: string | Date, name: string): string {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (!Number.isFinite(ms)) throw new RangeError(`archive query: '${name}' is not an instant: ${String(value)}`);
  return new Date(ms).toISOString();
}
