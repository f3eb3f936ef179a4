import { useSearchParams } from 'react-router';
import type { ListQuery } from './listQuery';
import { pageSize } from './PagedTable';

/**
 * useListState keeps a list screen's page, sort, search text and filters in the address, so a
 * reload, a shared link or the back button shows the same page. Changing the search, a filter or
 * the sort goes back to the first page.
 */
export function useListState<Filter extends string>(defaults: { sort: string; filters: readonly Filter[] }) {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Math.floor(Number(params.get('page') ?? '1')) || 1);
  const sort = params.get('sort') || defaults.sort;
  const q = params.get('q') ?? '';
  const filters = Object.fromEntries(defaults.filters.map((name) => [name, params.get(name) ?? ''])) as Record<Filter, string>;

  const update = (changes: Record<string, string>, keepPage = false) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(changes)) {
          if (value === '') next.delete(name);
          else next.set(name, value);
        }
        if (!keepPage) next.delete('page');
        return next;
      },
      { replace: true },
    );

  const query: ListQuery = { limit: pageSize, offset: (page - 1) * pageSize, sort, filters, q };
  return {
    page,
    sort,
    q,
    filters,
    /** query is the list query of the current page. */
    query,
    setPage: (next: number) => update({ page: next > 1 ? String(next) : '' }, true),
    setSearch: (text: string) => {
      if (text !== q) update({ q: text });
    },
    setFilter: (name: Filter, value: string) => update({ [name]: value }),
    /** toggleSort sorts by a field, ascending first, then descending. */
    toggleSort: (field: string) => update({ sort: sort === field ? `-${field}` : field }),
  };
}
