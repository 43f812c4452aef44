import type { OrukListQuery } from './oruk.params.js';
import type { OrukPage } from './oruk.types.js';

/** Paging fields of the profile's `Page` schema around one page of contents. */
export function toPage<T>(contents: T[], totalItems: number, pageNumber: number, perPage: number): OrukPage<T> {
  const totalPages = Math.ceil(totalItems / perPage);
  return {
    total_items: totalItems,
    total_pages: totalPages,
    page_number: pageNumber,
    size: contents.length,
    first_page: pageNumber === 1,
    last_page: pageNumber >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

/** The query's page of a list held whole in memory. */
export function pageOf<T>(items: T[], query: OrukListQuery): OrukPage<T> {
  const offset = (query.page - 1) * query.perPage;
  return toPage(items.slice(offset, offset + query.perPage), items.length, query.page, query.perPage);
}
