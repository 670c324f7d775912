import { Badge, Tooltip } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useGetTextingProviderQuery } from '../api/directory';
import { getTranslation } from '../utils/getTranslation';

/** Tells the admin that numbers are bought from the built-in Plivo simulator, not from Plivo. */
export const SimulatedBadge = () => {
  const { formatMessage } = useIntl();
  const { data: provider } = useGetTextingProviderQuery();
  if (!provider?.simulated) return null;
  return (
    <Tooltip
      label={formatMessage({
        id: getTranslation('simulated.tooltip'),
        defaultMessage: 'Numbers, texts and activations come from the built-in Plivo simulator; nothing is bought or sent for real.',
      })}
    >
      <span tabIndex={0} style={{ display: 'inline-flex' }}>
        <Badge variant="warning" data-testid="simulated-badge">
          {formatMessage({ id: getTranslation('simulated.badge'), defaultMessage: 'Simulated Plivo' })}
        </Badge>
      </span>
    </Tooltip>
  );
};
