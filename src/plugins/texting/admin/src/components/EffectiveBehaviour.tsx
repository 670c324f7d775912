import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Answering, PhoneNumberDetail } from '../../../shared/contracts';
import { getTranslation } from '../utils/getTranslation';

/**
 * Rule 3 in one sentence: "Campaign Fall Visit answers as Agent → Admissions until 12 Dec, then Bot."
 * The server derives who answers (`effective`); this only phrases it in the user's language.
 */
export const useEffectiveSentence = () => {
  const { formatMessage, formatDate, formatList } = useIntl();
  const who = ({ responseType, inboxes }: Answering) => {
    if (responseType !== 'agent') return formatMessage({ id: getTranslation('effective.bot'), defaultMessage: 'Bot' });
    const names = [...inboxes.offices, ...inboxes.agents].map((i) => i.name);
    return names.length
      ? formatMessage({ id: getTranslation('effective.agentTo'), defaultMessage: 'Agent → {inboxes}' }, { inboxes: formatList(names, { type: 'unit' }) })
      : formatMessage({ id: getTranslation('effective.agent'), defaultMessage: 'Agent' });
  };
  return (n: PhoneNumberDetail): string => {
    const own: Answering = { responseType: n.responseType, inboxes: n.unsolicitedInboxes };
    const eff = n.effective;
    if (eff.source === 'campaign' && eff.campaign) {
      const values = { campaign: eff.campaign.name, who: who(eff), then: who(eff.then ?? own) };
      return eff.until
        ? formatMessage(
            { id: getTranslation('effective.campaignUntil'), defaultMessage: 'Campaign {campaign} answers as {who} until {until}, then {then}.' },
            { ...values, until: formatDate(eff.until, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' }) }
          )
        : formatMessage({ id: getTranslation('effective.campaign'), defaultMessage: 'Campaign {campaign} answers as {who}, then {then}.' }, values);
    }
    return formatMessage(
      { id: getTranslation('effective.own'), defaultMessage: "Answers as {who} (the number's own settings; no campaign is active)." },
      { who: who(eff) }
    );
  };
};

export const EffectiveBehaviour = ({ number }: { number: PhoneNumberDetail }) => {
  const sentence = useEffectiveSentence();
  return (
    <Typography tag="p" data-testid="effective-behaviour">
      {sentence(number)}
    </Typography>
  );
};
