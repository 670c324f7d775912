import { useIntl, type MessageDescriptor } from 'react-intl';
import type {
  AttentionReason,
  CampaignStatus,
  HistoryAction,
  NotificationKind,
  NotificationReason,
  NumberStatus,
  NumberType,
  ResponseType,
} from '../../../shared/contracts';
import { getTranslation } from './getTranslation';

/** The enumerations' labels, one literal message id per value (the translations test reads them). */

export const RESPONSE_TYPE_LABEL: Record<ResponseType, MessageDescriptor> = {
  bot: { id: getTranslation('responseType.bot'), defaultMessage: 'Bot' },
  agent: { id: getTranslation('responseType.agent'), defaultMessage: 'Agent' },
};

export const NUMBER_TYPE_LABEL: Record<NumberType, MessageDescriptor> = {
  reusable: { id: getTranslation('numberType.reusable'), defaultMessage: 'Reusable' },
  single_use: { id: getTranslation('numberType.single_use'), defaultMessage: 'Single use' },
};

export const STATUS_LABEL: Record<NumberStatus, MessageDescriptor> = {
  pending: { id: getTranslation('numberStatus.pending'), defaultMessage: 'Pending activation' },
  active: { id: getTranslation('numberStatus.active'), defaultMessage: 'Active' },
  release_failed: { id: getTranslation('numberStatus.release_failed'), defaultMessage: 'Release failed' },
};

/** Why a number needs attention (the list's filter and badge, the number's health card). */
export const ATTENTION_LABEL: Record<AttentionReason, MessageDescriptor> = {
  release_failed: { id: getTranslation('attention.release_failed'), defaultMessage: 'Release failed at Plivo' },
  missing_at_plivo: { id: getTranslation('attention.missing_at_plivo'), defaultMessage: 'Missing at Plivo' },
  pending_too_long: { id: getTranslation('attention.pending_too_long'), defaultMessage: 'Pending for more than 10 days' },
  low_delivery_rate: { id: getTranslation('attention.low_delivery_rate'), defaultMessage: 'Delivery rate below 90 % over 7 days' },
};

export const CAMPAIGN_STATUS_LABEL: Record<CampaignStatus, MessageDescriptor> = {
  draft: { id: getTranslation('campaignStatus.draft'), defaultMessage: 'Draft' },
  scheduled: { id: getTranslation('campaignStatus.scheduled'), defaultMessage: 'Scheduled' },
  active: { id: getTranslation('campaignStatus.active'), defaultMessage: 'Active' },
  archived: { id: getTranslation('campaignStatus.archived'), defaultMessage: 'Archived' },
};

/** What happened to a number (its history). */
export const HISTORY_ACTION_LABEL: Record<HistoryAction, MessageDescriptor> = {
  provisioned: { id: getTranslation('history.action.provisioned'), defaultMessage: 'Provisioned' },
  edited: { id: getTranslation('history.action.edited'), defaultMessage: 'Edited' },
  released: { id: getTranslation('history.action.released'), defaultMessage: 'Released' },
  release_failed: { id: getTranslation('history.action.release_failed'), defaultMessage: 'Release failed' },
  activated: { id: getTranslation('history.action.activated'), defaultMessage: 'Activated' },
};

/** The fields a history event names (edits, and the facts of other events). */
export const HISTORY_FIELD_LABEL: Record<string, MessageDescriptor> = {
  name: { id: getTranslation('history.field.name'), defaultMessage: 'Name' },
  description: { id: getTranslation('history.field.description'), defaultMessage: 'Description' },
  office: { id: getTranslation('history.field.office'), defaultMessage: 'Campus/Office' },
  agent: { id: getTranslation('history.field.agent'), defaultMessage: 'Agent' },
  responseType: { id: getTranslation('history.field.responseType'), defaultMessage: 'Response Type' },
  unsolicitedInboxes: { id: getTranslation('history.field.unsolicitedInboxes'), defaultMessage: 'Unsolicited inboxes' },
  providerStatus: { id: getTranslation('history.field.providerStatus'), defaultMessage: 'Status' },
  reason: { id: getTranslation('history.field.reason'), defaultMessage: 'Reason' },
  plivo: { id: getTranslation('history.field.plivo'), defaultMessage: 'Plivo' },
  by: { id: getTranslation('history.field.by'), defaultMessage: 'By' },
};

/** `label(STATUS_LABEL, row.status)`: the value's label in the user's language; a value the admin does not know is shown as sent. */
export const useLabel = () => {
  const { formatMessage } = useIntl();
  return (labels: Record<string, MessageDescriptor>, value: string): string => {
    const descriptor = labels[value];
    return descriptor ? formatMessage(descriptor) : value;
  };
};

/** Delivery states of a text, as Plivo reports them. */
export const MESSAGE_STATUS_LABEL: Record<string, MessageDescriptor> = {
  received: { id: getTranslation('messageStatus.received'), defaultMessage: 'received' },
  orphaned: { id: getTranslation('messageStatus.orphaned'), defaultMessage: 'orphaned' },
  queued: { id: getTranslation('messageStatus.queued'), defaultMessage: 'queued' },
  sending: { id: getTranslation('messageStatus.sending'), defaultMessage: 'sending' },
  sent: { id: getTranslation('messageStatus.sent'), defaultMessage: 'sent' },
  delivered: { id: getTranslation('messageStatus.delivered'), defaultMessage: 'delivered' },
  undelivered: { id: getTranslation('messageStatus.undelivered'), defaultMessage: 'undelivered' },
  failed: { id: getTranslation('messageStatus.failed'), defaultMessage: 'failed' },
};

/**
 * Why a notification's event happened (its `reason`: the kind of Plivo failure, see server/src/provider/plivo/errors.ts
 * `notificationReasonOf`), as a sentence that says what to check; the raw text follows as a technical detail.
 */
export const NOTIFICATION_REASON_LABEL: Record<NotificationReason, MessageDescriptor> = {
  unauthorized: {
    id: getTranslation('notifications.reason.unauthorized'),
    defaultMessage: 'Plivo refused the credentials. An administrator must check PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN on the server.',
  },
  account: {
    id: getTranslation('notifications.reason.account'),
    defaultMessage: 'Plivo refused the account (balance too low or account suspended). Check the balance and the account in the Plivo console.',
  },
  rate_limited: {
    id: getTranslation('notifications.reason.rate_limited'),
    defaultMessage: 'Plivo limited the rate of requests. Wait a minute before trying again.',
  },
  server_error: {
    id: getTranslation('notifications.reason.server_error'),
    defaultMessage: 'Plivo failed on its side. If it keeps failing, check status.plivo.com.',
  },
  network: {
    id: getTranslation('notifications.reason.network'),
    defaultMessage: 'The server could not reach Plivo. Check its network access to Plivo (and PLIVO_API_URL).',
  },
  timeout: {
    id: getTranslation('notifications.reason.timeout'),
    defaultMessage: 'Plivo did not answer in time. If it keeps happening, check status.plivo.com and the server’s network.',
  },
  not_found: {
    id: getTranslation('notifications.reason.not_found'),
    defaultMessage: 'Plivo answered “not found”. Sync with Plivo (Provider page) to compare its numbers with ours.',
  },
  bad_request: {
    id: getTranslation('notifications.reason.bad_request'),
    defaultMessage: 'Plivo refused the request. The technical detail below says why.',
  },
  released_not_deleted: {
    id: getTranslation('notifications.reason.released_not_deleted'),
    defaultMessage: 'Plivo did release the number, but removing it here failed. Delete it again to finish.',
  },
};

/** What happens next after a notification with a Plivo failure, by kind (none for the other kinds). */
export const NOTIFICATION_NEXT_STEP: Partial<Record<NotificationKind, MessageDescriptor>> = {
  release_failed: {
    id: getTranslation('notifications.nextStep.release_failed'),
    defaultMessage: 'Once it is fixed, delete the number again to retry (single-use numbers are retried automatically).',
  },
  campaign_paused: {
    id: getTranslation('notifications.nextStep.campaign_paused'),
    defaultMessage: 'No text is lost: texts wait in the queue and sending resumes by itself once Plivo accepts again.',
  },
};
