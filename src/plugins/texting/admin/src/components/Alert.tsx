import { Alert as DesignSystemAlert, type AlertProps } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

/** The design system's `Alert` with its close button labelled "Close" in the user's language (it needs a label). */
export const Alert = (props: Omit<AlertProps, 'closeLabel'>) => {
  const { formatMessage } = useIntl();
  return <DesignSystemAlert closeLabel={formatMessage({ id: getTranslation('action.close'), defaultMessage: 'Close' })} {...props} />;
};
