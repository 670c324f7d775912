import { Flex, IconButton, Tooltip } from '@strapi/design-system';
import { Calendar, Eye, Pencil, Trash } from '@strapi/icons';
import * as React from 'react';
import { NavLink } from 'react-router-dom';
import { useScheduledCampaigns, type PhoneNumberRow } from '../api/client';
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
  const needFetch = !row.inUseBy && row.scheduledCampaignCount > 0;
  const { data, isLoading } = useScheduledCampaigns(needFetch ? row.documentId : null);
  const names = row.inUseBy
    ? row.inUseBy.map((c) => c.name)
    : [...(row.activeCampaign ? [row.activeCampaign.name] : []), ...(data ?? []).map((c) => c.name)];
  const unique = [...new Set(names)];
  if (isLoading && unique.length === 0) return <>In use by campaigns…</>;
  return (
    <>
      In use by {unique.length ? unique.join(', ') : 'a campaign'}. Archive{' '}
      {unique.length === 1 ? 'it' : 'them'} to release this number.
    </>
  );
};

export const RowActions = ({ row, canUpdate, canDelete, onScheduleSend, onDelete }: Props) => {
  const display = nationalFormat(row.phoneNumber);
  const hasScheduled = row.scheduledCampaignCount > 0;
  const scheduleLabel = `Schedule send for ${display}`;
  const deleteLabel = `Delete ${display}`;

  return (
    <Flex justifyContent="end" gap={1} onClick={(e: React.MouseEvent) => e.stopPropagation()}>
      {hasScheduled ? (
        <IconButton label={scheduleLabel} variant="ghost" onClick={() => onScheduleSend(row)}>
          <Calendar />
        </IconButton>
      ) : (
        <Greyed reason="No scheduled campaigns on this number" label={scheduleLabel}>
          <IconButton label={scheduleLabel} variant="ghost" disabled withTooltip={false}>
            <Calendar />
          </IconButton>
        </Greyed>
      )}
      {canUpdate ? (
        <IconButton tag={NavLink} to={`numbers/${row.documentId}`} label={`Edit ${display}`} variant="ghost">
          <Pencil />
        </IconButton>
      ) : (
        // Without the update action the same page opens read-only (effective behaviour, history).
        <IconButton tag={NavLink} to={`numbers/${row.documentId}`} label={`View ${display}`} variant="ghost">
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
