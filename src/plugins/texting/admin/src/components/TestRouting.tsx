import { Alert, Badge, Box, Button, Field, Flex, TextInput, Textarea, Typography } from '@strapi/design-system';
import { PaperPlane } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import * as React from 'react';

/**
 * Test routing (PRODUCT.md "Beyond the seed"): sends a simulated, signed inbound text to the number
 * through the Plivo simulator — the same path a real text takes — and shows where it landed and why.
 * Self-contained: drop `<TestRouting documentId={…} />` on the number's page. The server refuses
 * (409) when Plivo is real; the message says so.
 */
interface RoutedTo {
  inbox: 'office' | 'agent' | 'bot' | null;
  documentId?: string;
  name?: string;
  conversation?: string;
}

export interface TestRoutingResult {
  messageUuid: string;
  webhookStatus: number;
  status: string | null;
  routedTo: RoutedTo[];
  reason: string | null;
  replies: Array<{ body: string; status: string; messageUuid: string | null }>;
}

const INBOX_LABEL: Record<string, string> = { office: 'Office inbox', agent: 'Agent inbox', bot: 'Bot' };

const errorText = (err: unknown): string => {
  const e = err as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e?.response?.data?.error?.message ?? e?.message ?? 'The test text could not be sent.';
};

export const TestRouting = ({ documentId, defaultText = 'Hello, is anyone there?' }: { documentId: string; defaultText?: string }) => {
  const { post } = useFetchClient();
  const [from, setFrom] = React.useState('');
  const [text, setText] = React.useState(defaultText);
  const [busy, setBusy] = React.useState(false);
  const [result, setResult] = React.useState<TestRoutingResult | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  const send = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const body: Record<string, string> = { text };
      if (from.trim()) body.from = from.trim();
      const res = await post<{ data: TestRoutingResult }>(`/texting/phone-numbers/${documentId}/test-inbound`, body);
      setResult(res.data.data);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box data-testid="test-routing">
      <form onSubmit={send}>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography textColor="neutral600">
            Sends a simulated text to this number through the Plivo simulator, signed like Plivo, and shows where it
            lands: the inbox it opens or joins, or the bot&apos;s answer, and why.
          </Typography>
          <Flex gap={4} alignItems="flex-start">
            <Box style={{ flex: '0 0 16rem' }}>
              <Field.Root name="testFrom" hint="Leave empty for a test sender.">
                <Field.Label>From</Field.Label>
                <TextInput
                  placeholder="+1 202 555 0199"
                  value={from}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) => setFrom(e.target.value)}
                />
                <Field.Hint />
              </Field.Root>
            </Box>
            <Box style={{ flex: 1 }}>
              <Field.Root name="testText" required>
                <Field.Label>Text</Field.Label>
                <Textarea value={text} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)} />
              </Field.Root>
            </Box>
          </Flex>
          <Flex>
            <Button type="submit" startIcon={<PaperPlane />} loading={busy} disabled={!text.trim()}>
              Send test text
            </Button>
          </Flex>
          {error ? (
            <Alert variant="danger" title="Test routing" closeLabel="Close" onClose={() => setError(null)}>
              {error}
            </Alert>
          ) : null}
          {result ? <TestRoutingOutcome result={result} /> : null}
        </Flex>
      </form>
    </Box>
  );
};

export const TestRoutingOutcome = ({ result }: { result: TestRoutingResult }) => (
  <Box background="neutral100" hasRadius padding={4} data-testid="test-routing-result">
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Flex gap={2} wrap="wrap">
        <Typography fontWeight="bold">Landed in:</Typography>
        {result.routedTo.length ? (
          result.routedTo.map((r, i) => (
            <Badge key={`${r.conversation ?? ''}${i}`} active>
              {`${INBOX_LABEL[r.inbox ?? ''] ?? 'Unassigned'}${r.name ? ` · ${r.name}` : ''}`}
            </Badge>
          ))
        ) : (
          <Badge>{result.status === 'orphaned' ? 'Nowhere (orphaned)' : 'No inbox'}</Badge>
        )}
      </Flex>
      {result.reason ? (
        <Typography tag="p" data-testid="test-routing-reason">
          <Typography fontWeight="bold">Why: </Typography>
          {result.reason}
        </Typography>
      ) : null}
      {result.replies.length ? (
        <Box>
          <Typography fontWeight="bold">Automatic reply:</Typography>
          {result.replies.map((r, i) => (
            <Typography key={i} tag="p" textColor="neutral700" data-testid="test-routing-reply">
              “{r.body}” <Badge>{r.status}</Badge>
            </Typography>
          ))}
        </Box>
      ) : (
        <Typography textColor="neutral600">No automatic reply was sent.</Typography>
      )}
      <Typography variant="pi" textColor="neutral500">
        MessageUUID {result.messageUuid} · webhook answered {result.webhookStatus}
      </Typography>
    </Flex>
  </Box>
);
