/**
 * The plugin's HTTP API (API.md) as typed functions and hooks, built on Strapi's `useFetchClient`
 * (admin JWT, token refresh, abort on unmount). Every page talks to the server through this module.
 */
import { useFetchClient } from '@strapi/strapi/admin';
import * as React from 'react';
import { encodeParams } from './params';
import { takePrefetchedList } from './prefetch';

/* ------------------------------------------------------------------------------------------------
 * Shapes (API.md)
 * ----------------------------------------------------------------------------------------------*/

export interface Ref {
  documentId: string;
  name: string;
}

export type ResponseType = 'bot' | 'agent';
export type NumberType = 'reusable' | 'single_use';
export type NumberStatus = 'pending' | 'active' | 'release_failed';
export type CampaignStatus = 'draft' | 'scheduled' | 'active' | 'archived';

export interface PhoneNumberRow {
  documentId: string;
  phoneNumber: string;
  name: string;
  description: string | null;
  agent: Ref | null;
  office: Ref | null;
  responseType: ResponseType;
  numberType: NumberType;
  status: NumberStatus;
  /** Why the number is flagged (e.g. the failed release's reason); null otherwise. */
  statusReason?: string | null;
  activeCampaign: Ref | null;
  campaignArchiveAt: string | null;
  scheduledCampaignCount: number;
  inUse: boolean;
  /** Campaigns holding the number, when the server names them (the delete tooltip falls back to a fetch). */
  inUseBy?: Ref[];
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface ListAnswer {
  data: PhoneNumberRow[];
  meta: { pagination: Pagination };
}

/** The list and export query, exactly as the server takes it. */
export interface ListParams {
  q?: string;
  office?: string;
  agent?: string;
  responseType?: ResponseType;
  numberType?: NumberType;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface CampaignSummary {
  documentId: string;
  name: string;
  /** API.md says `status`; some answers carry the stored attribute name `state`. */
  status?: CampaignStatus;
  state?: CampaignStatus;
  office?: Ref | null;
  sendAt: string | null;
  archiveAt: string | null;
}

export interface Inboxes {
  offices: Ref[];
  agents: Ref[];
}

/** Who answers a number now (rule 3). The server derives it; the admin only phrases it. */
export interface EffectiveBehaviour {
  source: 'campaign' | 'number';
  campaign?: Ref | null;
  responseType: ResponseType;
  inboxes?: Inboxes;
  until?: string | null;
  then?: { responseType: ResponseType; inboxes?: Inboxes } | null;
  /** A sentence the server may already phrase. */
  summary?: string;
}

export interface PhoneNumberDetail extends PhoneNumberRow {
  unsolicitedInboxes?: Inboxes;
  inboxOffices?: Ref[];
  inboxAgents?: Ref[];
  monthlyRentalRate?: number | string | null;
  effective?: EffectiveBehaviour | null;
  scheduledCampaigns?: CampaignSummary[];
  createdAt?: string;
  updatedAt?: string;
}

export interface HistoryEntry {
  id?: number | string;
  action: string;
  at?: string;
  createdAt?: string;
  user?: { id?: number; firstname?: string | null; lastname?: string | null; email?: string; name?: string } | null;
  changes?: Record<string, { from?: unknown; to?: unknown; old?: unknown; new?: unknown }> | Array<{ field: string; from?: unknown; to?: unknown; old?: unknown; new?: unknown }>;
}

export interface AvailableNumber {
  phoneNumber: string;
  city: string | null;
  region: string | null;
  monthlyRentalRate: string | number | null;
  smsEnabled?: boolean;
  mmsEnabled?: boolean;
}

export interface ProviderStatus {
  configured: boolean;
  simulated: boolean;
  publicUrl: string | null;
}

/** What the provisioning and edit forms send. */
export interface NumberInput {
  name: string;
  description: string;
  office: string | null;
  agent: string | null;
  responseType: ResponseType;
  unsolicitedInboxes: { offices: string[]; agents: string[] };
}

export interface ProvisionInput extends NumberInput {
  phoneNumber: string;
}

/* ------------------------------------------------------------------------------------------------
 * Errors
 * ----------------------------------------------------------------------------------------------*/

interface ServerError {
  status?: number;
  name?: string;
  message?: string;
  details?: { errors?: Array<{ path?: string[] | string; message?: string }>; [k: string]: unknown };
}

/** The `{ error }` of a failed request, whatever threw it (FetchError or a network failure). */
export const serverError = (err: unknown): ServerError => {
  const e = err as { response?: { data?: { error?: ServerError } }; status?: number; message?: string };
  const body = e?.response?.data?.error;
  return { ...body, status: body?.status ?? e?.status, message: body?.message ?? e?.message ?? 'Request failed' };
};

export const errorStatus = (err: unknown): number | undefined => serverError(err).status;
export const errorMessage = (err: unknown): string => serverError(err).message ?? 'Request failed';

/**
 * Field errors of a ValidationError, keyed by the first path segment (`name`, `office`,
 * `unsolicitedInboxes`…), so a form shows each message at its field.
 */
export const fieldErrors = (err: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const item of serverError(err).details?.errors ?? []) {
    const path = Array.isArray(item.path) ? item.path : String(item.path ?? '').split('.');
    const key = path[0] || '_form';
    const message = (item.message ?? 'Invalid value').replace(new RegExp(`^${key}(\\.[\\w.]+)?: `), '');
    out[key] = out[key] ? `${out[key]} ${message}` : message;
  }
  return out;
};

/* ------------------------------------------------------------------------------------------------
 * Client
 * ----------------------------------------------------------------------------------------------*/

const filenameOf = (disposition: string | null | undefined, fallback: string) => {
  const m = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
  return m ? decodeURIComponent(m[1]) : fallback;
};

export const useTextingClient = () => {
  const { get, post, put, del } = useFetchClient();

  return React.useMemo(
    () => ({
      listNumbers: async (params: ListParams) =>
        (await get<ListAnswer>('/texting/phone-numbers', { params: encodeParams(params) })).data,

      /** The CSV of the current view (same query, no paging): a Blob and the server's file name. */
      exportNumbers: async (params: Omit<ListParams, 'page' | 'pageSize'>) => {
        const res = await get('/texting/phone-numbers/export', {
          params: encodeParams(params),
          responseType: 'blob',
        });
        const today = new Date().toISOString().slice(0, 10);
        return {
          blob: res.data,
          filename: filenameOf(res.headers?.get('content-disposition'), `phone-numbers-${today}.csv`),
        };
      },

      getNumber: async (documentId: string) =>
        (await get<{ data: PhoneNumberDetail }>(`/texting/phone-numbers/${documentId}`)).data.data,

      updateNumber: async (documentId: string, body: NumberInput) =>
        (await put<{ data: PhoneNumberDetail }>(`/texting/phone-numbers/${documentId}`, body)).data.data,

      deleteNumber: async (documentId: string) => {
        await del(`/texting/phone-numbers/${documentId}`);
      },

      scheduledCampaigns: async (documentId: string) =>
        (await get<{ data: CampaignSummary[] }>(`/texting/phone-numbers/${documentId}/scheduled-campaigns`)).data
          .data,

      history: async (documentId: string) =>
        (await get<{ data: HistoryEntry[] }>(`/texting/phone-numbers/${documentId}/history`)).data.data,

      availableNumbers: async (areaCode: string, limit = 20) =>
        (
          await get<{ data: AvailableNumber[] }>('/texting/available-numbers', {
            params: encodeParams({ areaCode, limit }),
          })
        ).data.data,

      provision: async (body: ProvisionInput) =>
        (await post<{ data: PhoneNumberRow }>('/texting/phone-numbers', body)).data.data,

      offices: async () => (await get<{ data: Ref[] }>('/texting/offices')).data.data,
      agents: async () => (await get<{ data: Ref[] }>('/texting/agents')).data.data,
      provider: async () => (await get<{ data: ProviderStatus }>('/texting/provider')).data.data,
    }),
    [get, post, put, del]
  );
};

export type TextingClient = ReturnType<typeof useTextingClient>;

/* ------------------------------------------------------------------------------------------------
 * Hooks
 * ----------------------------------------------------------------------------------------------*/

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  refetch: () => void;
}

/**
 * Runs `fetcher` whenever `key` changes (and on `refetch`), keeping the previous data while a new
 * answer loads and ignoring answers that arrive after a newer request started.
 */
export function useQuery<T>(key: string | null, fetcher: (client: TextingClient) => Promise<T>): QueryState<T> {
  const client = useTextingClient();
  const [state, setState] = React.useState<{ data?: T; error?: unknown; isLoading: boolean }>({
    isLoading: key !== null,
  });
  const [tick, setTick] = React.useState(0);
  const fetcherRef = React.useRef(fetcher);
  fetcherRef.current = fetcher;

  React.useEffect(() => {
    if (key === null) {
      setState({ isLoading: false });
      return;
    }
    let current = true;
    setState((s) => ({ data: s.data, isLoading: true }));
    fetcherRef.current(client).then(
      (data) => current && setState({ data, isLoading: false }),
      (error) => {
        // An aborted request belongs to an unmounted page.
        if (current && (error as Error)?.name !== 'AbortError') setState({ error, isLoading: false });
      }
    );
    return () => {
      current = false;
    };
  }, [client, key, tick]);

  const refetch = React.useCallback(() => setTick((t) => t + 1), []);
  return { data: state.data, error: state.error, isLoading: state.isLoading, refetch };
}

/** The list for this view; on a cold load the request may already be under way (api/prefetch.ts). */
export const usePhoneNumbers = (params: ListParams) =>
  useQuery(JSON.stringify(params), (c) => {
    const early = takePrefetchedList(params);
    return early ? early.catch(() => c.listNumbers(params)) : c.listNumbers(params);
  });

export const usePhoneNumber = (documentId: string | undefined) =>
  useQuery(documentId ?? null, (c) => c.getNumber(documentId!));

export const useNumberHistory = (documentId: string | undefined) =>
  useQuery(documentId ? `history:${documentId}` : null, (c) => c.history(documentId!));

export const useScheduledCampaigns = (documentId: string | null) =>
  useQuery(documentId ? `scheduled:${documentId}` : null, (c) => c.scheduledCampaigns(documentId!));

/** Offices and agents for filters and pickers. */
export const useDirectory = () => {
  const q = useQuery('directory', async (c) => {
    const [offices, agents] = await Promise.all([c.offices(), c.agents()]);
    return { offices, agents };
  });
  return { offices: q.data?.offices ?? [], agents: q.data?.agents ?? [], isLoading: q.isLoading, error: q.error };
};

export const useProviderStatus = () => useQuery('provider', (c) => c.provider()).data;

/* ------------------------------------------------------------------------------------------------
 * Campaigns (API.md "Campaigns"): types, client and hooks used by pages/Campaigns*.tsx
 * ----------------------------------------------------------------------------------------------*/

export interface CampaignProgress {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  failed: number;
  skipped: number;
  optedOut: number;
  delivered: number;
  undelivered: number;
  failedTotal: number;
  remaining: number;
}

export interface CampaignRecipient {
  phoneNumber: string;
  name?: string;
}

export interface CampaignRow {
  documentId: string;
  name: string;
  status: CampaignStatus;
  office: Ref | null;
  phoneNumber: { documentId: string; phoneNumber: string; name: string; numberType: NumberType; status: NumberStatus } | null;
  fromNumber: string | null;
  singleUseAreaCode: string | null;
  sendAt: string | null;
  archiveAt: string | null;
  activatedAt: string | null;
  archivedAt: string | null;
  responseType: ResponseType;
  inboxes: Inboxes;
  message: string | null;
  recipientCount: number;
  progress: CampaignProgress;
}

export interface CampaignDetail extends CampaignRow {
  recipients: CampaignRecipient[];
  hold: string | null;
  numberReleasedAt: string | null;
  releaseError: string | null;
}

export interface CampaignListParams {
  q?: string;
  office?: string;
  status?: CampaignStatus;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export interface CampaignNumberOption {
  documentId: string;
  phoneNumber: string;
  name: string;
  status: 'pending' | 'active';
  pending: boolean;
  note: string | null;
  campaigns: Array<{ documentId: string; name: string; status: 'scheduled' | 'active'; sendAt: string | null; archiveAt: string | null }>;
}

export interface CampaignInput {
  name?: string;
  office?: string;
  phoneNumber?: string | null;
  singleUseAreaCode?: string | null;
  message?: string;
  sendAt?: string | null;
  archiveAt?: string | null;
  responseType?: ResponseType;
  inboxes?: { offices: string[]; agents: string[] };
  recipients?: Array<string | CampaignRecipient>;
}

export type { RecipientImportReport } from '../../../shared/contracts';
import type { RecipientImportReport } from '../../../shared/contracts';

export interface CampaignAnswer {
  data: CampaignDetail;
  meta?: { import?: RecipientImportReport | null; singleUseNumber?: string | null; released?: string | null; releaseFailed?: { phoneNumber: string; reason: string } | null };
}

export const useCampaignsClient = () => {
  const { get, post, put } = useFetchClient();
  return React.useMemo(
    () => ({
      list: async (params: CampaignListParams) =>
        (await get<{ data: CampaignRow[]; meta: { pagination: Pagination } }>('/texting/campaigns', { params: encodeParams(params) })).data,
      get: async (documentId: string) => (await get<{ data: CampaignDetail }>(`/texting/campaigns/${documentId}`)).data.data,
      numberOptions: async (office: string) =>
        (await get<{ data: CampaignNumberOption[] }>('/texting/campaigns/number-options', { params: encodeParams({ office }) })).data.data,
      create: async (body: CampaignInput) => (await post<CampaignAnswer>('/texting/campaigns', body)).data,
      update: async (documentId: string, body: CampaignInput) => (await put<CampaignAnswer>(`/texting/campaigns/${documentId}`, body)).data,
      importRecipients: async (documentId: string, body: { csv?: string; recipients?: string[]; mode: 'append' | 'replace' }) =>
        (await post<CampaignAnswer>(`/texting/campaigns/${documentId}/recipients`, body)).data,
      schedule: async (documentId: string) => (await post<CampaignAnswer>(`/texting/campaigns/${documentId}/schedule`, {})).data,
      unschedule: async (documentId: string) => (await post<CampaignAnswer>(`/texting/campaigns/${documentId}/unschedule`, {})).data,
      archive: async (documentId: string) => (await post<CampaignAnswer>(`/texting/campaigns/${documentId}/archive`, {})).data,
    }),
    [get, post, put]
  );
};
