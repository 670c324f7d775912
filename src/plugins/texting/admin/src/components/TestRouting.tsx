import { Badge, Box, Button, Field, Flex, TextInput, Textarea, Typography } from '@strapi/design-system';
import { PaperPlane } from '@strapi/icons';
import * as React from 'react';
import { useIntl, type MessageDescriptor } from 'react-intl';
import type { TestRoutingResult } from '../../../shared/contracts';
import { useTestInboundTextMutation } from '../api/numbers';
import { useErrorMessage } from '../utils/errors';
import { getTranslation } from '../utils/getTranslation';
import { useLabel } from '../utils/labels';
import { Alert } from './Alert';

/**
 * Test routing (PRODUCT.md "Beyond the seed", issue 13): a dry run of the webhook's routing for a text to the
 * number — who would answer, which inbox, the bot's reply and why. The server stores and sends nothing, so it
 * works the same with real Plivo. Self-contained: drop `<TestRouting documentId={…} />` on the number's page.
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
                "Shows what a text to this number would do now: who would answer, in which inbox, the bot's reply, and why. Nothing is stored and nothing is sent.",
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
              {formatMessage({ id: getTranslation('testRouting.send'), defaultMessage: 'Try it' })}
            </Button>
          </Flex>
          {error ? (
            <Alert variant="danger" title={formatMessage({ id: getTranslation('testRouting.title'), defaultMessage: 'Test routing' })} onClose={() => setError(null)}>
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
          <Typography fontWeight="bold">{formatMessage({ id: getTranslation('testRouting.landedIn'), defaultMessage: 'Would go to:' })}</Typography>
          {result.routedTo.length ? (
            result.routedTo.map((r, i) => (
              <Badge key={`${r.documentId ?? ''}${i}`} active>
                {r.inbox
                  ? `${label(INBOX_LABEL, r.inbox)}${r.name ? ` · ${r.name}` : ''}`
                  : formatMessage({ id: getTranslation('testRouting.unassigned'), defaultMessage: 'Unassigned' })}
              </Badge>
            ))
          ) : (
            <Badge>{formatMessage({ id: getTranslation('testRouting.noInbox'), defaultMessage: 'No inbox' })}</Badge>
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
            <Typography fontWeight="bold">{formatMessage({ id: getTranslation('testRouting.autoReply'), defaultMessage: 'Automatic reply it would get:' })}</Typography>
            {result.replies.map((r, i) => (
              <Typography key={i} tag="p" textColor="neutral700" data-testid="test-routing-reply">
                “{r.body}”
              </Typography>
            ))}
          </Box>
        ) : (
          <Typography textColor="neutral600">
            {formatMessage({ id: getTranslation('testRouting.noReply'), defaultMessage: 'It would get no automatic reply.' })}
          </Typography>
        )}
        <Typography variant="pi" textColor="neutral500">
          {formatMessage(
            { id: getTranslation('testRouting.dryRun'), defaultMessage: 'Dry run from {from}: nothing was stored or sent.' },
            { from: result.from }
          )}
        </Typography>
      </Flex>
    </Box>
  );
};
