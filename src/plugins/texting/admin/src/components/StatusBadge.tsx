import { Status, Tooltip, Typography } from '@strapi/design-system';
import type { NumberStatus } from '../../../shared/contracts';
import { STATUS_LABEL, useLabel } from '../utils/labels';

const VARIANT: Record<NumberStatus, 'success' | 'secondary' | 'danger'> = {
  active: 'success',
  pending: 'secondary',
  release_failed: 'danger',
};

/** The number's provider state, as Strapi's own lists show a user's state; the reason, if any, on hover. */
export const StatusBadge = ({ status, reason }: { status: NumberStatus; reason?: string | null }) => {
  const label = useLabel();
  const badge = (
    <Status size="S" variant={VARIANT[status] ?? 'secondary'} data-status={status} data-nowrap>
      <Typography tag="span" variant="omega" fontWeight="bold">
        {label(STATUS_LABEL, status)}
      </Typography>
    </Status>
  );
  if (!reason) return badge;
  return (
    <Tooltip label={reason}>
      <span tabIndex={0} style={{ display: 'inline-flex' }}>
        {badge}
      </span>
    </Tooltip>
  );
};
