import { Badge, Tooltip } from '@strapi/design-system';
import { useProviderStatus } from '../api/client';

/** Tells the admin that numbers are bought from the built-in Plivo simulator, not from Plivo. */
export const SimulatedBadge = () => {
  const provider = useProviderStatus();
  if (!provider?.simulated) return null;
  return (
    <Tooltip label="Numbers, texts and activations come from the built-in Plivo simulator; nothing is bought or sent for real.">
      <span tabIndex={0} style={{ display: 'inline-flex' }}>
        <Badge variant="warning" data-testid="simulated-badge">
          Simulated Plivo
        </Badge>
      </span>
    </Tooltip>
  );
};
