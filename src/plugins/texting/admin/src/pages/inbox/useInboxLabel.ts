import { useIntl } from 'react-intl';
import type { ConversationRow } from '../../../../shared/contracts';
import { getTranslation } from '../../utils/getTranslation';

/** Where a conversation sits: "Office · Admissions", "Agent · Ana Ruiz", the bot, or nowhere yet. */
export const useInboxLabel = () => {
  const { formatMessage } = useIntl();
  return (c: ConversationRow): string => {
    if (c.inbox) {
      return c.inbox.type === 'agent'
        ? formatMessage({ id: getTranslation('inbox.inbox.agent'), defaultMessage: 'Agent · {name}' }, { name: c.inbox.name })
        : formatMessage({ id: getTranslation('inbox.inbox.office'), defaultMessage: 'Office · {name}' }, { name: c.inbox.name });
    }
    return c.handler === 'bot'
      ? formatMessage({ id: getTranslation('inbox.inbox.bot'), defaultMessage: 'Bot' })
      : formatMessage({ id: getTranslation('inbox.inbox.unassigned'), defaultMessage: 'Unassigned' });
  };
};

/** Date and time of a text as a list or a thread shows it. */
export const SHORT_DATE_TIME = { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' } as const;
