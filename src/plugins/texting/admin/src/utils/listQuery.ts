import { NUMBER_SORT_COLUMNS, type NumberType, type ResponseType } from '../../../shared/contracts';
import type { ListParams } from '../api/numbers';

/**
 * The list's state lives in the URL in the shape Strapi's own list components write it
 * (`_q`, `sort=name:ASC`, `page`, `pageSize`, `filters[$and][i][field][$eq]=value`), so that
 * SearchInput, Table.HeaderCell, Filters and Pagination work unchanged. This turns it into the
 * server's query (API.md: `q`, `sort=name:asc`, `office`, `agent`, `responseType`, `numberType`; API-ADDITIONS.md: `needsAttention`).
 */
export interface UrlQuery {
  _q?: string;
  sort?: string;
  page?: string | number;
  pageSize?: string | number;
  filters?: { $and?: Array<Record<string, Record<string, unknown>>> };
}

export const SORTABLE = NUMBER_SORT_COLUMNS;

export const FILTER_FIELDS = ['office', 'agent', 'responseType', 'numberType', 'needsAttention'] as const;
type FilterField = (typeof FILTER_FIELDS)[number];

export const DEFAULT_PAGE_SIZE = 10;

const toInt = (v: unknown, fallback: number) => {
  const n = Number.parseInt(String(v ?? ''), 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** The equality filters of the URL, one value per field (the last one wins, as the server takes one). */
export const filtersOf = (query: UrlQuery): Partial<Record<FilterField, string>> => {
  const out: Partial<Record<FilterField, string>> = {};
  for (const entry of query.filters?.$and ?? []) {
    for (const field of FILTER_FIELDS) {
      const value = entry?.[field]?.$eq;
      if (typeof value === 'string' && value) out[field] = value;
    }
  }
  return out;
};

export const sortOf = (query: UrlQuery): string | undefined => {
  const [column, dir] = String(query.sort ?? '').split(':');
  if (!(SORTABLE as readonly string[]).includes(column)) return undefined;
  return `${column}:${dir?.toLowerCase() === 'desc' ? 'desc' : 'asc'}`;
};

export const listParamsOf = (query: UrlQuery): ListParams => {
  const f = filtersOf(query);
  return {
    q: query._q ? String(query._q) : undefined,
    office: f.office,
    agent: f.agent,
    responseType: f.responseType as ResponseType | undefined,
    numberType: f.numberType as NumberType | undefined,
    needsAttention: f.needsAttention === 'true' ? true : undefined,
    sort: sortOf(query),
    page: toInt(query.page, 1),
    pageSize: Math.min(toInt(query.pageSize, DEFAULT_PAGE_SIZE), 100),
  };
};

/** Whether the view is narrowed (then an empty answer means "no match", not "no numbers yet"). */
export const isNarrowed = (p: ListParams) => Boolean(p.q || p.office || p.agent || p.responseType || p.numberType || p.needsAttention);
