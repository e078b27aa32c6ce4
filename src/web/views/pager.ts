import type { Language } from '../../config/schema';
import { html } from './html';
import type { SafeHtml } from './html';
import { t } from './i18n';

/** Rows one page of the queue shows. */
export const QUEUE_PAGE_ROWS = 50;

/** One page of a list: its rows, its number (1-based, clamped to the last page) and how many pages there are. */
export interface ListPage<T> {
  rows: T[];
  page: number;
  pages: number;
  total: number;
  /** Index (0-based) of the page's first row in the whole list. */
  first: number;
}

/** Cuts page `page` (1-based) of `size` rows out of `all`; past the last page gives the last one. */
export function pageOf<T>(all: readonly T[], page: number, size = QUEUE_PAGE_ROWS): ListPage<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const current = Math.min(Math.max(1, page), pages);
  const first = (current - 1) * size;
  return { rows: all.slice(first, first + size), page: current, pages, total: all.length, first };
}

/** The page number of a query string's `page`: a positive integer, 1 when absent, undefined when it is anything else. */
export function parsePageNumber(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return 1;
  return /^[1-9][0-9]{0,6}$/.test(value) ? Number(value) : undefined;
}

/** "rows 51–100 of 10,000 · page 2 / 200" with links to the previous and next page; `link(n)` gives page n's address (filters kept). */
export function pager(list: ListPage<unknown>, language: Language, link: (page: number) => string): SafeHtml {
  if (list.total === 0) return html``;
  const from = list.first + 1;
  const to = list.first + list.rows.length;
  return html`<nav class="pager" data-testid="pager" data-page="${list.page}" data-pages="${list.pages}" data-total="${list.total}">
${list.page > 1 ? html`<a rel="prev" href="${link(list.page - 1)}">← ${t(language, 'previousPage')}</a>` : ''}
<span class="muted">${from}–${to} / ${list.total} · ${t(language, 'page')} ${list.page} / ${list.pages}</span>
${list.page < list.pages ? html`<a rel="next" href="${link(list.page + 1)}">${t(language, 'nextPage')} →</a>` : ''}
</nav>`;
}
