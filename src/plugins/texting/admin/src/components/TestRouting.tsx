import { Alert, Badge, Box, Button, Field, Flex, TextInput, Textarea, Typography } from '@strapi/design-system';
import { PaperPlane } from '@strapi/icons';
import * as React from 'react';
import { useIntl, type MessageDescriptor } from 'react-intl';
import type { TestRoutingResult } from '../../../shared/contracts';
import { useTestInboundTextMutation } from '../api/numbers';
import { useErrorMessage } from '../utils/errors';
import { getTranslation } from '../utils/getTranslation';
import { MESSAGE_STATUS_LABEL, useLabel } from '../utils/labels';

/**
 * Test routing (PRODUCT.md "Beyond the seed"): sends a simulated, signed inbound text to the number
 * through the Plivo simulator — the same path a real text takes — and shows where it landed and why.
 * Self-contained: drop `<TestRouting documentId={…} />` on the number's page. The server refuses
 * (409) when Plivo is real; the message says so.
 */
const INBOX_LABEL: Record<string, MessageDescriptor> = {
  office: { id: getTranslation('testRouting.inbox.office'), defaultMessage: 'Office inbox' },
  agent: { id: getTranslation('testRouting.inbox.agent'), defaultMessage: 'Agent inbox' },
  bot: { id: getTranslation('testRouting.inbox.bot'), defaultMessage: 'Bot' },
};

export const TestRouting = ({ documentId }: { documentId: string }) => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const [testInbound, { isLoading: busy }] = useTestInboundTextMutation();
  const [from, setFrom] = React.useState('');
  const [text, setText] = React.useState(() =>
    formatMessage({ id: getTranslation('testRouting.defaultText'), defaultMessage: 'Hello, is anyone there?' })
  );
  const [result, setResult] = React.useState<TestRoutingResult | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setResult(null);
    try {
      setResult(await testInbound({ documentId, text, ...(from.trim() ? { from: from.trim() } : {}) }).unwrap());
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  return (
    <Box data-testid="test-routing">
      <form onSubmit={send}>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography textColor="neutral600">
            {formatMessage({
              id: getTranslation('testRouting.intro'),
              defaultMessage:
                "Sends a simulated text to this number through the Plivo simulator, signed like Plivo, and shows where it lands: the inbox it opens or joins, or the bot's answer, and why.",
            })}
          </Typography>
          <Flex gap={4} alignItems="flex-start">
            <Box style={{ flex: '0 0 16rem' }}>
              <Field.Root name="testFrom" hint={formatMessage({ id: getTranslation('testRouting.from.hint'), defaultMessage: 'Leave empty for a test sender.' })}>
                <Field.Label>{formatMessage({ id: getTranslation('testRouting.from'), defaultMessage: 'From' })}</Field.Label>
                <TextInput placeholder="+1 202 555 0199" value={from} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFrom(e.target.value)} />
                <Field.Hint />
              </Field.Root>
            </Box>
            <Box style={{ flex: 1 }}>
              <Field.Root name="testText" required>
                <Field.Label>{formatMessage({ id: getTranslation('testRouting.text'), defaultMessage: 'Text' })}</Field.Label>
                <Textarea value={text} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)} />
              </Field.Root>
            </Box>
          </Flex>
          <Flex>
            <Button type="submit" startIcon={<PaperPlane />} loading={busy} disabled={!text.trim()}>
              {formatMessage({ id: getTranslation('testRouting.send'), defaultMessage: 'Send test text' })}
            </Button>
          </Flex>
          {error ? (
            <Alert
              variant="danger"
              title={formatMessage({ id: getTranslation('testRouting.title'), defaultMessage: 'Test routing' })}
              closeLabel={formatMessage({ id: getTranslation('action.close'), defaultMessage: 'Close' })}
              onClose={() => setError(null)}
            >
              {error}
            </Alert>
          ) : null}
          {result ? <TestRoutingOutcome result={result} /> : null}
        </Flex>
      </form>
    </Box>
  );
};

export const TestRoutingOutcome = ({ result }: { result: TestRoutingResult }) => {
  const { formatMessage } = useIntl();
  const label = useLabel();
  return (
    <Box background="neutral100" hasRadius padding={4} data-testid="test-routing-result">
      <Flex direction="column" alignItems="stretch" gap={3}>
        <Flex gap={2} wrap="wrap">
          <Typography fontWeight="bold">{formatMessage({ id: getTranslation('testRouting.landedIn'), defaultMessage: 'Landed in:' })}</Typography>
          {result.routedTo.length ? (
            result.routedTo.map((r, i) => (
              <Badge key={`${r.conversation ?? ''}${i}`} active>
                {r.inbox
                  ? `${label(INBOX_LABEL, r.inbox)}${r.name ? ` · ${r.name}` : ''}`
                  : formatMessage({ id: getTranslation('testRouting.unassigned'), defaultMessage: 'Unassigned' })}
              </Badge>
            ))
          ) : (
            <Badge>
              {result.status === 'orphaned'
                ? formatMessage({ id: getTranslation('testRouting.orphaned'), defaultMessage: 'Nowhere (orphaned)' })
                : formatMessage({ id: getTranslation('testRouting.noInbox'), defaultMessage: 'No inbox' })}
            </Badge>
          )}
        </Flex>
        {result.reason ? (
          <Typography tag="p" data-testid="test-routing-reason">
            <Typography fontWeight="bold">{formatMessage({ id: getTranslation('testRouting.why'), defaultMessage: 'Why:' })} </Typography>
            {result.reason}
          </Typography>
        ) : null}
        {result.replies.length ? (
          <Box>
            <Typography fontWeight="bold">{formatMessage({ id: getTranslation('testRouting.autoReply'), defaultMessage: 'Automatic reply:' })}</Typography>
            {result.replies.map((r, i) => (
              <Typography key={i} tag="p" textColor="neutral700" data-testid="test-routing-reply">
                “{r.body}” <Badge>{label(MESSAGE_STATUS_LABEL, r.status)}</Badge>
              </Typography>
            ))}
          </Box>
        ) : (
          <Typography textColor="neutral600">
            {formatMessage({ id: getTranslation('testRouting.noReply'), defaultMessage: 'No automatic reply was sent.' })}
          </Typography>
        )}
        <Typography variant="pi" textColor="neutral500">
          {formatMessage(
            { id: getTranslation('testRouting.technical'), defaultMessage: 'MessageUUID {uuid} · webhook answered {status}' },
            { uuid: result.messageUuid, status: result.webhookStatus }
          )}
        </Typography>
      </Flex>
    </Box>
  );
};
