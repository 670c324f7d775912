import {
  Badge,
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  Loader,
  Modal,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Check, PaperPlane, Plus } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { OlderMessages } from '../components/capacity/OlderMessages';
import { NavLink, useSearchParams } from 'react-router-dom';
import { PERMISSIONS } from '../permissions';

/**
 * Texting → Inbox: the conversations of the user's own agent inbox and of their offices' inboxes
 * (super admins see all), the thread of the selected one, and a reply box. The server decides what the
 * user may see and do; this page only shows it. The selected conversation is in the URL (`?c=`).
 */

interface Ref {
  documentId: string;
  name: string;
}

export interface ConversationRow {
  documentId: string;
  status: 'open' | 'closed';
  handler: 'bot' | 'agent';
  contact: { documentId: string; phoneNumber: string; name: string | null; optedOut: boolean } | null;
  phoneNumber: { documentId: string; phoneNumber: string; name: string; office: Ref | null } | null;
  campaign: Ref | null;
  inbox: (Ref & { type: 'office' | 'agent' }) | null;
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  closedAt: string | null;
}

interface ThreadMessage {
  documentId: string;
  direction: 'inbound' | 'outbound';
  body: string;
  status: string;
  errorCode: string | null;
  failureReason: string | null;
  createdAt: string;
  routingReason: string | null;
  automatic: boolean;
  sentBy: { id: number; name: string } | null;
}

type Thread = ConversationRow & { messages: ThreadMessage[] };
type StatusFilter = 'open' | 'closed' | 'all';

const POLL_MS = 10_000;
const MAX_TEXT = 1600;

const display = (e164: string | undefined | null) => {
  const m = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164 ?? '');
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : (e164 ?? '');
};

const errorText = (err: unknown, fallback: string): string => {
  const e = err as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e?.response?.data?.error?.message ?? e?.message ?? fallback;
};

const inboxLabel = (c: ConversationRow) =>
  c.inbox ? `${c.inbox.type === 'agent' ? 'Agent' : 'Office'} · ${c.inbox.name}` : c.handler === 'bot' ? 'Bot' : 'Unassigned';

/* ------------------------------------------------------------------------------------------------ */

const ConversationItem = ({ c, selected, onSelect }: { c: ConversationRow; selected: boolean; onSelect: () => void }) => {
  const { formatDate } = useIntl();
  return (
    <Box
      tag="button"
      type="button"
      onClick={onSelect}
      data-conversation={c.documentId}
      aria-current={selected ? 'true' : undefined}
      background={selected ? 'primary100' : 'neutral0'}
      borderColor={selected ? 'primary200' : 'neutral150'}
      hasRadius
      padding={3}
      width="100%"
      style={{ textAlign: 'left', cursor: 'pointer', borderStyle: 'solid', borderWidth: 1 }}
    >
      <Flex justifyContent="space-between" gap={2}>
        <Typography fontWeight="bold" ellipsis>
          {c.contact?.name || display(c.contact?.phoneNumber)}
        </Typography>
        <Typography variant="pi" textColor="neutral500">
          {c.lastMessageAt ? formatDate(c.lastMessageAt, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }) : ''}
        </Typography>
      </Flex>
      <Typography variant="omega" textColor="neutral700" ellipsis tag="p">
        {c.lastMessagePreview ?? ''}
      </Typography>
      <Flex gap={1} paddingTop={1} wrap="wrap">
        <Badge>{inboxLabel(c)}</Badge>
        {c.campaign ? <Badge>{c.campaign.name}</Badge> : null}
        {c.status === 'closed' ? <Badge>Closed</Badge> : null}
        {c.contact?.optedOut ? <Badge textColor="danger600">Opted out</Badge> : null}
      </Flex>
    </Box>
  );
};

const Bubble = ({ m }: { m: ThreadMessage }) => {
  const { formatDate } = useIntl();
  const out = m.direction === 'outbound';
  const who = out ? (m.sentBy?.name ?? (m.automatic ? 'Automatic reply' : 'Sent')) : 'Contact';
  const failed = m.status === 'failed' || m.status === 'undelivered';
  return (
    <Flex justifyContent={out ? 'flex-end' : 'flex-start'} data-message={m.documentId} data-direction={m.direction}>
      <Box
        background={out ? (failed ? 'danger100' : 'primary100') : 'neutral100'}
        hasRadius
        padding={3}
        maxWidth="70%"
        title={m.routingReason ?? undefined}
      >
        <Typography tag="p" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {m.body}
        </Typography>
        <Typography variant="pi" textColor="neutral500" tag="p">
          {who} · {formatDate(m.createdAt, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })}
          {out ? ` · ${m.status}` : ''}
          {failed && (m.failureReason || m.errorCode) ? ` (${m.failureReason ?? `error ${m.errorCode}`})` : ''}
        </Typography>
      </Box>
    </Flex>
  );
};

/* ------------------------------------------------------------------------------------------------ */

const ThreadPanel = ({
  documentId,
  canReply,
  onChanged,
}: {
  documentId: string;
  canReply: boolean;
  onChanged: () => void;
}) => {
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [thread, setThread] = React.useState<Thread | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [text, setText] = React.useState('');
  const [sending, setSending] = React.useState(false);
  const [options, setOptions] = React.useState<{ offices: Ref[]; agents: Ref[] } | null>(null);
  const endRef = React.useRef<HTMLDivElement | null>(null);

  const load = React.useCallback(async () => {
    try {
      const res = await get<{ data: Thread }>(`/texting/conversations/${documentId}`);
      setThread(res.data.data);
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The conversation could not be loaded.'));
    }
  }, [get, documentId]);

  React.useEffect(() => {
    setThread(null);
    setText('');
    setOptions(null);
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  React.useEffect(() => {
    endRef.current?.scrollIntoView?.({ block: 'end' });
  }, [thread?.messages.length]);

  React.useEffect(() => {
    if (!canReply) return;
    get<{ data: { offices: Ref[]; agents: Ref[] } }>(`/texting/conversations/${documentId}/reassign-options`)
      .then((res) => setOptions(res.data.data))
      .catch(() => setOptions(null));
  }, [get, documentId, canReply]);

  const reply = async (event: React.FormEvent) => {
    event.preventDefault();
    setSending(true);
    try {
      await post(`/texting/conversations/${documentId}/messages`, { text });
      setText('');
      await load();
      onChanged();
    } catch (err) {
      toggleNotification({ type: 'danger', message: errorText(err, 'The reply could not be sent.') });
      await load();
    } finally {
      setSending(false);
    }
  };

  const act = async (path: string, body: Record<string, unknown>, done: string) => {
    try {
      await post(`/texting/conversations/${documentId}/${path}`, body);
      toggleNotification({ type: 'success', message: done });
      await load();
      onChanged();
    } catch (err) {
      toggleNotification({ type: 'danger', message: errorText(err, 'That did not work.') });
    }
  };

  if (error) {
    return (
      <Box padding={6}>
        <Typography textColor="danger600">{error}</Typography>
      </Box>
    );
  }
  if (!thread) {
    return (
      <Flex justifyContent="center" padding={8}>
        <Loader>Loading the conversation</Loader>
      </Flex>
    );
  }

  const optedOut = Boolean(thread.contact?.optedOut);
  const current = thread.inbox ? `${thread.inbox.type}:${thread.inbox.documentId}` : undefined;
  const tooLong = text.length > MAX_TEXT;

  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="thread">
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4} wrap="wrap">
        <Box>
          <Typography variant="beta" tag="h2">
            {thread.contact?.name || display(thread.contact?.phoneNumber)}
          </Typography>
          <Typography textColor="neutral600" tag="p">
            {thread.contact?.phoneNumber} → {thread.phoneNumber ? `${thread.phoneNumber.name} · ${display(thread.phoneNumber.phoneNumber)}` : 'a released number'}
          </Typography>
          <Flex gap={1} paddingTop={1} wrap="wrap">
            <Badge active>{inboxLabel(thread)}</Badge>
            {thread.campaign ? <Badge>Campaign · {thread.campaign.name}</Badge> : null}
            {thread.status === 'closed' ? <Badge>Closed</Badge> : null}
            {optedOut ? <Badge textColor="danger600">Opted out</Badge> : null}
          </Flex>
        </Box>
        {canReply ? (
          <Flex gap={2} alignItems="flex-end">
            {options && (options.offices.length + options.agents.length > 1 || !current) ? (
              <Box minWidth="16rem">
                <Field.Root name="reassign">
                  <Field.Label>Inbox</Field.Label>
                  <SingleSelect
                    size="S"
                    value={current}
                    placeholder="Reassign to…"
                    onChange={(value: string | number) => {
                      const [kind, id] = String(value).split(':');
                      if (`${kind}:${id}` !== current) void act('reassign', { [kind]: id }, 'Conversation reassigned');
                    }}
                  >
                    {options.offices.map((o) => (
                      <SingleSelectOption key={`office:${o.documentId}`} value={`office:${o.documentId}`}>
                        {`Office · ${o.name}`}
                      </SingleSelectOption>
                    ))}
                    {options.agents.map((a) => (
                      <SingleSelectOption key={`agent:${a.documentId}`} value={`agent:${a.documentId}`}>
                        {`Agent · ${a.name}`}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Box>
            ) : null}
            {thread.status === 'open' ? (
              <Button variant="secondary" startIcon={<Check />} onClick={() => void act('close', {}, 'Conversation closed')}>
                Close
              </Button>
            ) : null}
          </Flex>
        ) : null}
      </Flex>

      <Box background="neutral0" hasRadius padding={4} shadow="filterShadow" style={{ maxHeight: '55vh', overflowY: 'auto' }}>
        <Flex direction="column" alignItems="stretch" gap={3}>
          <OlderMessages documentId={documentId} oldest={thread.messages[0]?.documentId} shown={thread.messages.length} render={(m) => <Bubble key={m.documentId} m={m as unknown as ThreadMessage} />} />
          {thread.messages.length ? thread.messages.map((m) => <Bubble key={m.documentId} m={m} />) : <Typography>No texts yet.</Typography>}
          <div ref={endRef} />
        </Flex>
      </Box>

      {canReply ? (
        <form onSubmit={reply}>
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Field.Root
              name="reply"
              error={tooLong ? `At most ${MAX_TEXT} characters.` : undefined}
              hint={optedOut ? 'This contact replied STOP: texts to them are refused until they reply START.' : `${text.length}/${MAX_TEXT}`}
            >
              <Field.Label>Reply</Field.Label>
              <Textarea
                value={text}
                disabled={optedOut}
                placeholder={optedOut ? 'Opted out' : 'Type a reply'}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)}
              />
              <Field.Hint />
              <Field.Error />
            </Field.Root>
            <Flex justifyContent="flex-end">
              <Button type="submit" startIcon={<PaperPlane />} loading={sending} disabled={optedOut || !text.trim() || tooLong}>
                Send
              </Button>
            </Flex>
          </Flex>
        </form>
      ) : null}
    </Flex>
  );
};

/* ------------------------------------------------------------------------------------------------ */

const NewTextModal = ({ open, onClose, onSent }: { open: boolean; onClose: () => void; onSent: (conversation: string) => void }) => {
  const { get, post } = useFetchClient();
  const [numbers, setNumbers] = React.useState<Array<{ documentId: string; phoneNumber: string; name: string; office: Ref | null }>>([]);
  const [from, setFrom] = React.useState<string | undefined>();
  const [to, setTo] = React.useState('');
  const [text, setText] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);

  React.useEffect(() => {
    if (!open) return;
    setError(null);
    get<{ data: typeof numbers }>('/texting/messages/from-options')
      .then((res) => {
        setNumbers(res.data.data);
        if (res.data.data.length === 1) setFrom(res.data.data[0].documentId);
      })
      .catch((err) => setError(errorText(err, 'Your numbers could not be loaded.')));
  }, [open, get]);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await post<{ data: { conversation: { documentId: string } } }>('/texting/messages', { from, to, text });
      setTo('');
      setText('');
      onSent(res.data.data.conversation.documentId);
    } catch (err) {
      setError(errorText(err, 'The text could not be sent.'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal.Root open={open} onOpenChange={(o: boolean) => !o && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>New text</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="from" required hint="Only your offices' numbers can start a text.">
              <Field.Label>From</Field.Label>
              <SingleSelect value={from} placeholder="Choose a number" onChange={(v: string | number) => setFrom(String(v))}>
                {numbers.map((n) => (
                  <SingleSelectOption key={n.documentId} value={n.documentId}>
                    {`${display(n.phoneNumber)} · ${n.name}${n.office ? ` (${n.office.name})` : ''}`}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
            <Field.Root name="to" required>
              <Field.Label>To</Field.Label>
              <TextInput placeholder="+1 617 555 0123" value={to} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTo(e.target.value)} />
            </Field.Root>
            <Field.Root name="text" required hint={`${text.length}/${MAX_TEXT}`}>
              <Field.Label>Text</Field.Label>
              <Textarea value={text} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)} />
              <Field.Hint />
            </Field.Root>
            {error ? (
              <Typography textColor="danger600" data-testid="new-text-error">
                {error}
              </Typography>
            ) : null}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Cancel</Button>
          </Modal.Close>
          <Button onClick={() => void send()} loading={busy} disabled={!from || !to.trim() || !text.trim() || text.length > MAX_TEXT}>
            Send
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/* ------------------------------------------------------------------------------------------------ */

const InboxContent = () => {
  const { get } = useFetchClient();
  const [params, setParams] = useSearchParams();
  const selected = params.get('c');
  const [status, setStatus] = React.useState<StatusFilter>('open');
  const [q, setQ] = React.useState('');
  const [rows, setRows] = React.useState<ConversationRow[] | null>(null);
  const [total, setTotal] = React.useState(0);
  const [error, setError] = React.useState<string | null>(null);
  const [newOpen, setNewOpen] = React.useState(false);
  const { allowedActions } = useRBAC(PERMISSIONS.inboxReply);
  const canReply = Boolean(allowedActions.canReply);

  const load = React.useCallback(async () => {
    try {
      const query = new URLSearchParams({ status, pageSize: '100' });
      if (q.trim()) query.set('q', q.trim());
      const res = await get<{ data: ConversationRow[]; meta: { pagination: { total: number } } }>(`/texting/conversations?${query}`);
      setRows(res.data.data);
      setTotal(res.data.meta.pagination.total);
      setError(null);
    } catch (err) {
      setError(errorText(err, 'The inbox could not be loaded.'));
    }
  }, [get, status, q]);

  React.useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [load]);

  const select = (documentId: string) => setParams({ c: documentId });

  return (
    <Page.Main aria-busy={rows === null}>
      <Page.Title>Inbox</Page.Title>
      <Layouts.Header
        title="Inbox"
        subtitle={rows === null ? 'Texts to your offices and to you' : `${total} ${total === 1 ? 'conversation' : 'conversations'}`}
        primaryAction={
          canReply ? (
            <Button startIcon={<Plus />} size="S" onClick={() => setNewOpen(true)}>
              New text
            </Button>
          ) : undefined
        }
      />
      <Layouts.Action
        startActions={
          <Flex gap={2}>
            <Box minWidth="12rem">
              <SingleSelect
                size="S"
                aria-label="Status"
                value={status}
                onChange={(v: string | number) => setStatus(String(v) as StatusFilter)}
              >
                <SingleSelectOption value="open">Open</SingleSelectOption>
                <SingleSelectOption value="closed">Closed</SingleSelectOption>
                <SingleSelectOption value="all">All</SingleSelectOption>
              </SingleSelect>
            </Box>
            <Box minWidth="16rem">
              <TextInput
                size="S"
                aria-label="Search by contact"
                placeholder="Search by contact"
                value={q}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQ(e.target.value)}
              />
            </Box>
          </Flex>
        }
        endActions={
          <Flex gap={2}>
            <Button variant="tertiary" size="S" startIcon={<ArrowClockwise />} onClick={() => void load()}>
              Refresh
            </Button>
            <Button tag={NavLink} to="/plugins/texting" variant="tertiary" size="S">
              Phone Numbers
            </Button>
          </Flex>
        }
      />
      <Layouts.Content>
        {error ? (
          <EmptyStateLayout content={error} hasRadius shadow="tableShadow" />
        ) : (
          <Flex alignItems="flex-start" gap={6}>
            <Box style={{ flex: '0 0 24rem' }} data-testid="conversation-list">
              {rows === null ? (
                <Loader>Loading conversations</Loader>
              ) : rows.length ? (
                <Flex direction="column" alignItems="stretch" gap={2}>
                  {rows.map((c) => (
                    <ConversationItem key={c.documentId} c={c} selected={c.documentId === selected} onSelect={() => select(c.documentId)} />
                  ))}
                </Flex>
              ) : (
                <EmptyStateLayout content="No conversations here." hasRadius shadow="tableShadow" />
              )}
            </Box>
            <Box style={{ flex: 1, minWidth: 0 }}>
              {selected ? (
                <ThreadPanel documentId={selected} canReply={canReply} onChanged={() => void load()} />
              ) : (
                <Box padding={8} background="neutral0" hasRadius shadow="filterShadow">
                  <Typography textColor="neutral600">Choose a conversation to read it and reply.</Typography>
                </Box>
              )}
            </Box>
          </Flex>
        )}
      </Layouts.Content>
      <NewTextModal
        open={newOpen}
        onClose={() => setNewOpen(false)}
        onSent={(conversation) => {
          setNewOpen(false);
          void load();
          select(conversation);
        }}
      />
    </Page.Main>
  );
};

/** Texting → Inbox (one `<Route path="inbox" …>` in App.tsx); guarded by the inbox read action. */
export const InboxPage = () => (
  <Page.Protect permissions={PERMISSIONS.inboxRead}>
    <InboxContent />
  </Page.Protect>
);
