import { Flex, IconButton, Tooltip } from '@strapi/design-system';
import { Calendar, Eye, Pencil, Trash } from '@strapi/icons';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import type { PhoneNumberRow } from '../../../shared/contracts';
import { useGetScheduledCampaignsQuery } from '../api/numbers';
import { getTranslation } from '../utils/getTranslation';
import { nationalFormat } from '../utils/phone';

interface Props {
  row: PhoneNumberRow;
  canUpdate: boolean;
  canDelete: boolean;
  onScheduleSend: (row: PhoneNumberRow) => void;
  onDelete: (row: PhoneNumberRow) => void;
}

/**
 * A disabled button receives no pointer events, so a greyed-out action sits in a focusable wrapper
 * that carries the tooltip saying why it is greyed out.
 */
const Greyed = ({ reason, label, children }: { reason: React.ReactNode; label: string; children: React.ReactNode }) => (
  <Tooltip label={reason}>
    <span tabIndex={0} aria-label={label} data-greyed="true" style={{ display: 'inline-flex' }}>
      {children}
    </span>
  </Tooltip>
);

/** Names the campaigns holding the number; the scheduled ones are fetched when the tooltip opens. */
const InUseReason = ({ row }: { row: PhoneNumberRow }) => {
  const { formatMessage, formatList } = useIntl();
  const needFetch = !row.inUseBy && row.scheduledCampaignCount > 0;
  const { data, isLoading } = useGetScheduledCampaignsQuery(row.documentId, { skip: !needFetch });
  const names = row.inUseBy
    ? row.inUseBy.map((c) => c.name)
    : [...(row.activeCampaign ? [row.activeCampaign.name] : []), ...(data ?? []).map((c) => c.name)];
  const unique = [...new Set(names)];
  if (isLoading && unique.length === 0) {
    return <>{formatMessage({ id: getTranslation('numbers.inUse.loading'), defaultMessage: 'In use by campaigns…' })}</>;
  }
  if (unique.length === 0) {
    return (
      <>
        {formatMessage({
          id: getTranslation('numbers.inUse.unnamed'),
          defaultMessage: 'In use by a campaign. Archive it to release this number.',
        })}
      </>
    );
  }
  return (
    <>
      {formatMessage(
        {
          id: getTranslation('numbers.inUse.named'),
          defaultMessage: 'In use by {names}. Archive {count, plural, one {it} other {them}} to release this number.',
        },
        { names: formatList(unique, { type: 'unit' }), count: unique.length }
      )}
    </>
  );
};

export const RowActions = ({ row, canUpdate, canDelete, onScheduleSend, onDelete }: Props) => {
  const { formatMessage } = useIntl();
  const number = nationalFormat(row.phoneNumber);
  const hasScheduled = row.scheduledCampaignCount > 0;
  const scheduleLabel = formatMessage({ id: getTranslation('numbers.actions.scheduleSend'), defaultMessage: 'Schedule send for {number}' }, { number });
  const deleteLabel = formatMessage({ id: getTranslation('numbers.actions.delete'), defaultMessage: 'Delete {number}' }, { number });

  return (
    <Flex justifyContent="end" gap={1} onClick={(e: React.MouseEvent) => e.stopPropagation()}>
      {hasScheduled ? (
        <IconButton label={scheduleLabel} variant="ghost" onClick={() => onScheduleSend(row)}>
          <Calendar />
        </IconButton>
      ) : (
        <Greyed
          reason={formatMessage({ id: getTranslation('numbers.actions.noScheduled'), defaultMessage: 'No scheduled campaigns on this number' })}
          label={scheduleLabel}
        >
          <IconButton label={scheduleLabel} variant="ghost" disabled withTooltip={false}>
            <Calendar />
          </IconButton>
        </Greyed>
      )}
      {canUpdate ? (
        <IconButton
          tag={NavLink}
          to={`numbers/${row.documentId}`}
          label={formatMessage({ id: getTranslation('numbers.actions.edit'), defaultMessage: 'Edit {number}' }, { number })}
          variant="ghost"
        >
          <Pencil />
        </IconButton>
      ) : (
        // Without the update action the same page opens read-only (effective behaviour, history).
        <IconButton
          tag={NavLink}
          to={`numbers/${row.documentId}`}
          label={formatMessage({ id: getTranslation('numbers.actions.view'), defaultMessage: 'View {number}' }, { number })}
          variant="ghost"
        >
          <Eye />
        </IconButton>
      )}
      {canDelete ? (
        row.inUse ? (
          <Greyed reason={<InUseReason row={row} />} label={deleteLabel}>
            <IconButton label={deleteLabel} variant="ghost" disabled withTooltip={false}>
              <Trash />
            </IconButton>
          </Greyed>
        ) : (
          <IconButton label={deleteLabel} variant="ghost" onClick={() => onDelete(row)}>
            <Trash />
          </IconButton>
        )
      ) : null}
    </Flex>
  );
};
