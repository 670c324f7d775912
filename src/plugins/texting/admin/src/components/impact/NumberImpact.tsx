import { Box, Flex, Loader, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { CampaignEffect, NumberImpact as Impact } from '../../../../shared/contracts';
import { useGetNumberImpactQuery } from '../../api/audit';
import { useErrorMessage } from '../../utils/errors';
import { getTranslation } from '../../utils/getTranslation';
import { CAMPAIGN_STATUS_LABEL, useLabel } from '../../utils/labels';

/** What happens to each campaign, in the user's language. */
const useEffectText = () => {
  const { formatMessage } = useIntl();
  return (effect: CampaignEffect) =>
    ({
      blocks: formatMessage({ id: getTranslation('impact.effect.blocks'), defaultMessage: 'holds the number: archive it first' }),
      loses_number: formatMessage({ id: getTranslation('impact.effect.losesNumber'), defaultMessage: 'stays as a draft without a number' }),
      stays_in_old_office: formatMessage({
        id: getTranslation('impact.effect.staysInOldOffice'),
        defaultMessage: 'stays with the old office and can no longer use this number',
      }),
    })[effect];
};

const Line = ({ children, danger }: { children: React.ReactNode; danger?: boolean }) => (
  <Typography tag="li" variant="omega" textColor={danger ? 'danger600' : 'neutral800'}>
    {children}
  </Typography>
);

/** One line per campaign: its name, state and what becomes of it (the ones that block in red). */
const CampaignLines = ({ campaigns }: { campaigns: Impact['campaigns'] }) => {
  const { formatMessage } = useIntl();
  const effectText = useEffectText();
  const label = useLabel();
  return (
    <>
      {campaigns.map((c) => (
        <Line key={c.documentId} danger={c.effect === 'blocks'}>
          {formatMessage(
            { id: getTranslation('impact.campaign'), defaultMessage: 'Campaign “{name}” ({status}): {effect}' },
            { name: c.name, status: label(CAMPAIGN_STATUS_LABEL, c.status), effect: effectText(c.effect) }
          )}
        </Line>
      ))}
    </>
  );
};

/** The impact's answer, loading and error states shared by the delete and move lists. */
const ImpactFrame = ({ answer, children }: { answer: { data?: Impact; error?: unknown; isFetching: boolean }; children: (impact: Impact) => React.ReactNode }) => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  if (answer.isFetching || (!answer.data && !answer.error)) {
    return <Loader small>{formatMessage({ id: getTranslation('impact.loading'), defaultMessage: 'Checking what depends on this number…' })}</Loader>;
  }
  if (answer.error || !answer.data) {
    return (
      <Typography textColor="danger600">
        {formatMessage({ id: getTranslation('impact.loadError'), defaultMessage: 'What depends on this number could not be checked: {error}' }, { error: errorMessage(answer.error) })}
      </Typography>
    );
  }
  return <Box data-testid="impact">{children(answer.data)}</Box>;
};

/** The delete dialog's list: campaigns on the number and open conversations, with what becomes of each. */
export const DeleteImpact = ({ documentId, onBlocked }: { documentId: string; onBlocked?: (blocked: boolean) => void }) => {
  const { formatMessage } = useIntl();
  const answer = useGetNumberImpactQuery({ documentId }, { refetchOnMountOrArgChange: true });
  React.useEffect(() => onBlocked?.(Boolean(answer.data?.blocked)), [answer.data?.blocked, onBlocked]);
  return (
    <ImpactFrame answer={answer}>
      {(impact) =>
        impact.campaigns.length === 0 && impact.openConversations === 0 ? (
          <Typography variant="omega" textColor="neutral600">
            {formatMessage({ id: getTranslation('impact.delete.nothing'), defaultMessage: 'No campaign or open conversation depends on this number.' })}
          </Typography>
        ) : (
          <Flex direction="column" alignItems="stretch" gap={1}>
            <Typography variant="sigma" textColor="neutral600">
              {formatMessage({ id: getTranslation('impact.delete.title'), defaultMessage: 'What depends on this number' })}
            </Typography>
            <Box tag="ul" paddingLeft={4} style={{ listStyle: 'disc' }}>
              <CampaignLines campaigns={impact.campaigns} />
              {impact.openConversations > 0 ? (
                <Line>
                  {formatMessage(
                    {
                      id: getTranslation('impact.delete.conversations'),
                      defaultMessage:
                        '{count, plural, one {# open conversation} other {# open conversations}}: kept and readable, but replies can no longer be sent from this number',
                    },
                    { count: impact.openConversations }
                  )}
                </Line>
              ) : null}
            </Box>
          </Flex>
        )
      }
    </ImpactFrame>
  );
};

/** The edit page's list before a move to another office: campaigns and inboxes affected. */
export const MoveImpact = ({ documentId, office }: { documentId: string; office: string }) => {
  const { formatMessage, formatList } = useIntl();
  const answer = useGetNumberImpactQuery({ documentId, office }, { refetchOnMountOrArgChange: true });
  return (
    <ImpactFrame answer={answer}>
      {(impact) => {
        const outside = impact.move ? [...impact.move.inboxesOutside.offices, ...impact.move.inboxesOutside.agents].map((x) => x.name) : [];
        return (
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Typography>
              {formatMessage(
                { id: getTranslation('impact.move.question'), defaultMessage: 'Move this number from {from} to {to}?' },
                { from: impact.office?.name ?? '—', to: impact.move?.to.name ?? '—' }
              )}
            </Typography>
            {impact.campaigns.length === 0 && outside.length === 0 ? (
              <Typography variant="omega" textColor="neutral600">
                {formatMessage({ id: getTranslation('impact.move.nothing'), defaultMessage: 'No campaign or inbox is affected.' })}
              </Typography>
            ) : (
              <Box tag="ul" paddingLeft={4} style={{ listStyle: 'disc' }}>
                <CampaignLines campaigns={impact.campaigns} />
                {outside.length ? (
                  <Line>
                    {formatMessage(
                      {
                        id: getTranslation('impact.move.inboxes'),
                        defaultMessage: 'Inboxes outside {to}: {names} — they keep receiving unsolicited texts until you change them',
                      },
                      { to: impact.move?.to.name ?? '—', names: formatList(outside, { type: 'unit' }) }
                    )}
                  </Line>
                ) : null}
              </Box>
            )}
          </Flex>
        );
      }}
    </ImpactFrame>
  );
};
