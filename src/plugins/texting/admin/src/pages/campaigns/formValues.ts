import { useIntl } from 'react-intl';
import {
  campaignCreateBody,
  campaignUpdateBody,
  MESSAGE_MAX_LENGTH,
  type CampaignDetail,
  type CampaignInput,
  type ResponseType,
} from '../../../../shared/contracts';
import { inboxIdsOf, inboxValuesOf } from '../../components/InboxesSelect';
import { getTranslation } from '../../utils/getTranslation';
import { issuesByField, maximumOf } from '../../utils/validation';

/** The campaign form's state, the body it sends, and its checks before sending. */

export interface CampaignFormValues {
  name: string;
  office: string | null;
  numberChoice: 'reusable' | 'single_use';
  phoneNumber: string | null;
  areaCode: string;
  message: string;
  sendAt: Date | null;
  archiveAt: Date | null;
  responseType: ResponseType;
  inboxes: string[];
}

export type CampaignFormErrors = Partial<Record<keyof CampaignFormValues | 'recipients' | '_form', string>>;

export const EMPTY_CAMPAIGN: CampaignFormValues = {
  name: '',
  office: null,
  numberChoice: 'reusable',
  phoneNumber: null,
  areaCode: '',
  message: '',
  sendAt: null,
  archiveAt: null,
  responseType: 'bot',
  inboxes: [],
};

export const campaignValuesOf = (c: CampaignDetail): CampaignFormValues => ({
  name: c.name,
  office: c.office?.documentId ?? null,
  numberChoice: c.phoneNumber?.numberType === 'single_use' || (!c.phoneNumber && c.singleUseAreaCode) ? 'single_use' : 'reusable',
  phoneNumber: c.phoneNumber?.documentId ?? null,
  areaCode: c.singleUseAreaCode ?? '',
  // The stored message carries the footer; the form shows it as the server will send it.
  message: c.message ?? '',
  sendAt: c.sendAt ? new Date(c.sendAt) : null,
  archiveAt: c.archiveAt ? new Date(c.archiveAt) : null,
  responseType: c.responseType,
  inboxes: inboxValuesOf(c.inboxes),
});

const inboxesOf = (v: CampaignFormValues) => (v.responseType === 'agent' ? inboxIdsOf(v.inboxes) : { offices: [], agents: [] });

/** The request body for this campaign: an active campaign only takes its name, archive time and who answers. */
export const campaignBodyOf = (v: CampaignFormValues, campaign: CampaignDetail | null): CampaignInput => {
  if (campaign?.status === 'active') {
    return { name: v.name.trim(), archiveAt: v.archiveAt?.toISOString() ?? null, responseType: v.responseType, inboxes: inboxesOf(v) };
  }
  const body: CampaignInput = {
    name: v.name.trim(),
    office: v.office ?? undefined,
    message: v.message,
    sendAt: v.sendAt?.toISOString() ?? null,
    archiveAt: v.archiveAt?.toISOString() ?? null,
    responseType: v.responseType,
    inboxes: inboxesOf(v),
  };
  // A campaign whose single-use number was bought keeps it; otherwise the form's choice is sent.
  if (campaign?.phoneNumber?.numberType !== 'single_use') {
    if (v.numberChoice === 'single_use') {
      if (!campaign?.phoneNumber) body.singleUseAreaCode = v.areaCode;
    } else {
      body.phoneNumber = v.phoneNumber;
    }
  }
  return body;
};

/**
 * Checks before a request: the body against the server's own schema (`campaignCreateBody`/`campaignUpdateBody`
 * from shared/contracts), each failure shown at its field in the user's language; then the two rules the
 * server checks across fields (archive after send; an agent-answered campaign needs an inbox).
 */
export const useValidateCampaign = () => {
  const { formatMessage } = useIntl();
  return (v: CampaignFormValues, campaign: CampaignDetail | null): CampaignFormErrors => {
    const issues = issuesByField(campaign ? campaignUpdateBody : campaignCreateBody, campaignBodyOf(v, campaign));
    const e: CampaignFormErrors = {};
    if (issues.name) {
      const max = maximumOf(issues.name);
      e.name = max
        ? formatMessage({ id: getTranslation('form.error.tooLong'), defaultMessage: 'At most {max} characters.' }, { max })
        : formatMessage({ id: getTranslation('campaigns.form.error.name'), defaultMessage: 'Give the campaign a name.' });
    }
    if (issues.office) {
      e.office = formatMessage({ id: getTranslation('campaigns.form.error.office'), defaultMessage: 'Choose the office the campaign belongs to.' });
    }
    if (issues.singleUseAreaCode) {
      e.areaCode = formatMessage({ id: getTranslation('form.error.areaCode'), defaultMessage: 'Enter a 3-digit area code, e.g. 415.' });
    }
    if (issues.message) {
      e.message = formatMessage(
        { id: getTranslation('campaigns.form.error.message'), defaultMessage: 'At most {max} characters, the footer included.' },
        { max: maximumOf(issues.message) ?? MESSAGE_MAX_LENGTH }
      );
    }
    if (v.sendAt && v.archiveAt && v.archiveAt <= v.sendAt) {
      e.archiveAt = formatMessage({ id: getTranslation('campaigns.form.error.archiveAt'), defaultMessage: 'The archive time must be after the send time.' });
    }
    if (v.responseType === 'agent' && v.inboxes.length === 0) {
      e.inboxes = formatMessage({ id: getTranslation('campaigns.form.error.inboxes'), defaultMessage: 'An agent-answered campaign needs at least one inbox.' });
    }
    return e;
  };
};
