/** Paged lists: the query a list screen asks for and the URL parameters every list endpoint takes. */

/** ListQuery asks a list endpoint for one page: sort is a field, "-" first for descending. */
export interface ListQuery {
  limit?: number;
  offset?: number;
  sort?: string;
  filters?: Record<string, string>;
  /** q is free search text, where the endpoint offers it. */
  q?: string;
}

/** ListParams are the URL parameters every list endpoint takes. */
export interface ListParams {
  limit?: number;
  offset?: number;
  sort?: string;
  filters?: string;
}

/** listParams turns a list query into URL parameters; empty filters are left out. */
export function listParams(query: ListQuery): ListParams {
  const params: ListParams = {};
  if (query.limit !== undefined) params.limit = query.limit;
  if (query.offset !== undefined) params.offset = query.offset;
  if (query.sort) params.sort = query.sort;
  const filters = Object.fromEntries(Object.entries(query.filters ?? {}).filter(([, value]) => value !== ''));
  if (Object.keys(filters).length > 0) params.filters = JSON.stringify(filters);
  return params;
}

/** searchParams adds the free search text, for the endpoints that offer it. */
export function searchParams(query: ListQuery): ListParams & { q?: string } {
  const q = query.q?.trim();
  return q ? { ...listParams(query), q } : listParams(query);
}
