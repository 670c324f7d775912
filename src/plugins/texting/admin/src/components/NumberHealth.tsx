import { Badge, Flex, Td, Tr, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useIntl } from 'react-intl';
import type { HealthWindow } from '../../../shared/contracts';
import { useGetPhoneNumberHealthQuery } from '../api/numbers';
import { useErrorMessage } from '../utils/errors';
import { getTranslation } from '../utils/getTranslation';
import { ATTENTION_LABEL, useLabel } from '../utils/labels';
import { LoadingBlock } from './LoadingBlock';
import { SimpleTable } from './SimpleTable';

/**
 * The number's health (GET …/health): why it needs attention, its last inbound text, and over 7 and 30 days its
 * texts in and out, delivery rate, failures by Plivo error code and opt-outs. Cells carry `data-metric` and
 * `data-days` (what the browser tests read).
 */
export const NumberHealth = ({ documentId }: { documentId: string }) => {
  const { formatMessage, formatDate, formatNumber, formatList } = useIntl();
  const label = useLabel();
  const errorMessage = useErrorMessage();
  const { data, error, isLoading } = useGetPhoneNumberHealthQuery(documentId);

  if (isLoading) {
    return (
      <LoadingBlock>{formatMessage({ id: getTranslation('health.loading'), defaultMessage: 'Loading health' })}</LoadingBlock>
    );
  }
  if (error || !data) return <Typography textColor="danger600">{errorMessage(error)}</Typography>;

  const rate = (w: HealthWindow) =>
    w.deliveryRate === null
      ? formatMessage({ id: getTranslation('health.rate.none'), defaultMessage: 'No outcome yet' })
      : formatNumber(w.deliveryRate, { style: 'percent', maximumFractionDigits: 1 });
  const failures = (w: HealthWindow) =>
    w.failuresByCode.length
      ? formatList(
          w.failuresByCode.map((f) =>
            f.code === null
              ? formatMessage({ id: getTranslation('health.failures.noCode'), defaultMessage: 'no code: {count, number}' }, { count: f.count })
              : formatMessage({ id: getTranslation('health.failures.code'), defaultMessage: 'error {code}: {count, number}' }, { code: f.code, count: f.count })
          ),
          { type: 'unit' }
        )
      : formatMessage({ id: getTranslation('health.failures.none'), defaultMessage: 'None' });
  const rows: Array<{ metric: string; label: string; value: (w: HealthWindow) => React.ReactNode }> = [
    { metric: 'inbound', label: formatMessage({ id: getTranslation('health.inbound'), defaultMessage: 'Texts received' }), value: (w) => formatNumber(w.inbound) },
    { metric: 'outbound', label: formatMessage({ id: getTranslation('health.outbound'), defaultMessage: 'Texts sent' }), value: (w) => formatNumber(w.outbound) },
    {
      metric: 'deliveryRate',
      label: formatMessage({ id: getTranslation('health.deliveryRate'), defaultMessage: 'Delivery rate' }),
      value: (w) => (
        <span title={formatMessage({ id: getTranslation('health.deliveryRate.detail'), defaultMessage: '{delivered, number} delivered, {failed, number} not delivered' }, { delivered: w.delivered, failed: w.failed })}>
          {rate(w)}
        </span>
      ),
    },
    { metric: 'failures', label: formatMessage({ id: getTranslation('health.failures'), defaultMessage: 'Failures by error code' }), value: failures },
    { metric: 'optOuts', label: formatMessage({ id: getTranslation('health.optOuts'), defaultMessage: 'Opt-outs' }), value: (w) => formatNumber(w.optOuts) },
  ];

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {data.attention.length ? (
        <Flex gap={2} wrap="wrap" data-testid="health-attention">
          <Typography fontWeight="bold" textColor="danger600">
            {formatMessage({ id: getTranslation('health.attention'), defaultMessage: 'Needs attention:' })}
          </Typography>
          {data.attention.map((reason) => (
            <Badge key={reason} backgroundColor="danger100" textColor="danger700" data-reason={reason}>
              {label(ATTENTION_LABEL, reason)}
            </Badge>
          ))}
        </Flex>
      ) : null}
      <Typography data-testid="health-last-inbound">
        {data.lastInboundAt
          ? formatMessage(
              { id: getTranslation('health.lastInbound'), defaultMessage: 'Last text received {at}' },
              { at: formatDate(data.lastInboundAt, { dateStyle: 'medium', timeStyle: 'short' }) }
            )
          : formatMessage({ id: getTranslation('health.lastInbound.never'), defaultMessage: 'No text received yet' })}
      </Typography>
      <SimpleTable
        rowCount={rows.length}
        headers={[
          formatMessage({ id: getTranslation('health.metric'), defaultMessage: 'Figure' }),
          ...data.windows.map((w) =>
            formatMessage({ id: getTranslation('health.window'), defaultMessage: 'Last {days, plural, one {# day} other {# days}}' }, { days: w.days })
          ),
        ]}
      >
        {rows.map((r) => (
          <Tr key={r.metric}>
            <Td>
              <Typography textColor="neutral800">{r.label}</Typography>
            </Td>
            {data.windows.map((w) => (
              <Td key={w.days} data-metric={r.metric} data-days={w.days}>
                <Typography textColor="neutral800">{r.value(w)}</Typography>
              </Td>
            ))}
          </Tr>
        ))}
      </SimpleTable>
    </Flex>
  );
};
