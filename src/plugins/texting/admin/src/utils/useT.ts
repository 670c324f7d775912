import { useIntl } from 'react-intl';
import { PLUGIN_ID } from '../pluginId';

type Values = Record<string, string | number | boolean | null | undefined | Date>;

/** `t('list.title', 'Phone Numbers')`: a plugin-scoped message with its English default. */
export const useT = () => {
  const { formatMessage } = useIntl();
  return (id: string, defaultMessage: string, values?: Values) =>
    formatMessage({ id: `${PLUGIN_ID}.${id}`, defaultMessage }, values) as string;
};
