import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { EffectiveBehaviour as Effective, Inboxes, PhoneNumberDetail, ResponseType } from '../api/client';

const who = (responseType: ResponseType, inboxes?: Inboxes) => {
  if (responseType !== 'agent') return 'Bot';
  const names = [...(inboxes?.offices ?? []), ...(inboxes?.agents ?? [])].map((i) => i.name);
  return names.length ? `Agent → ${names.join(', ')}` : 'Agent';
};

/**
 * Rule 3 in one sentence: "Campaign Fall Visit answers as Agent → Admissions until 12 Dec, then Bot."
 * The server derives who answers; this only phrases it (falling back to the number's own settings).
 */
export const useEffectiveSentence = () => {
  const { formatDate } = useIntl();
  return (n: PhoneNumberDetail): string => {
    const own: Inboxes = n.unsolicitedInboxes ?? { offices: n.inboxOffices ?? [], agents: n.inboxAgents ?? [] };
    const eff: Effective | null | undefined = n.effective;
    if (eff && eff.source === 'campaign' && eff.campaign) {
      const until = eff.until ? ` until ${formatDate(eff.until, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' })}` : '';
      const then = eff.then ?? { responseType: n.responseType, inboxes: own };
      return `Campaign ${eff.campaign.name} answers as ${who(eff.responseType, eff.inboxes)}${until}, then ${who(then.responseType, then.inboxes ?? own)}.`;
    }
    if (!eff && n.effective === undefined) return `Answers as ${who(n.responseType, own)} (the number's own settings).`;
    if (!eff?.responseType && eff?.summary) return eff.summary;
    const rt = eff?.responseType ?? n.responseType;
    return `Answers as ${who(rt, eff?.inboxes ?? own)} (the number's own settings; no campaign is active).`;
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
