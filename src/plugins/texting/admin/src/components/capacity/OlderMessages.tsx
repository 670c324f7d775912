import { Button, Flex, Typography } from '@strapi/design-system';
import { useAPIErrorHandler } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { CONVERSATION_PAGE_SIZE, CONVERSATION_PAGE_SIZE_MAX } from '../../../../shared/contracts';
import { useLazyOlderMessagesQuery, type ConversationMessage } from '../../api/capacity';
import { getTranslation } from '../../utils/getTranslation';

/**
 * "Load older" above a conversation, which opens on its newest messages (issue 11). `oldest` is the oldest
 * message the thread shows now; as new texts arrive the thread's window moves, so the older messages loaded
 * here are read again from the new `oldest` (same count), leaving no gap between the two.
 */
export const OlderMessages = ({
  documentId,
  oldest,
  shown,
  render,
}: {
  documentId: string;
  oldest: string | undefined;
  shown: number;
  render: (m: ConversationMessage) => React.ReactNode;
}) => {
  const { formatMessage } = useIntl();
  const { formatAPIError } = useAPIErrorHandler();
  const [fetchOlder, { isFetching }] = useLazyOlderMessagesQuery();
  const [older, setOlder] = React.useState<ConversationMessage[]>([]);
  const [hasOlder, setHasOlder] = React.useState<boolean | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  const read = React.useCallback(
    async (before: string, limit: number) => {
      const res = await fetchOlder({ documentId, before, limit });
      if (res.error || !res.data) {
        setError(formatAPIError(res.error as never));
        return;
      }
      setError(null);
      setOlder(res.data.data);
      setHasOlder(res.data.meta.hasOlder);
    },
    [documentId, fetchOlder, formatAPIError]
  );

  // Another conversation: start over.
  React.useEffect(() => {
    setOlder([]);
    setHasOlder(null);
  }, [documentId]);

  // The thread's window moved (new texts): re-read as many older messages as were shown, from its new start.
  const anchor = React.useRef(oldest);
  React.useEffect(() => {
    if (anchor.current === oldest) return;
    anchor.current = oldest;
    if (oldest && older.length) void read(oldest, Math.min(CONVERSATION_PAGE_SIZE_MAX, older.length));
  }, [oldest, older.length, read]);

  const more = () => {
    const before = older[0]?.documentId ?? oldest;
    if (!before) return;
    void fetchOlder({ documentId, before, limit: CONVERSATION_PAGE_SIZE }).then((res) => {
      if (res.error || !res.data) return setError(formatAPIError(res.error as never));
      setError(null);
      setOlder((prev) => [...res.data!.data, ...prev]);
      setHasOlder(res.data.meta.hasOlder);
    });
  };

  // Known to have older messages, or not known yet and the thread shows a full page.
  const canLoad = hasOlder ?? shown >= CONVERSATION_PAGE_SIZE;
  return (
    <>
      <Flex justifyContent="center">
        {canLoad ? (
          <Button variant="tertiary" size="S" loading={isFetching} onClick={more}>
            {formatMessage({ id: getTranslation('capacity.messages.loadOlder'), defaultMessage: 'Load older messages' })}
          </Button>
        ) : hasOlder === false ? (
          <Typography variant="pi" textColor="neutral600">{formatMessage({ id: getTranslation('capacity.messages.noOlder'), defaultMessage: 'This is the start of the conversation.' })}</Typography>
        ) : null}
      </Flex>
      {error ? <Typography textColor="danger600">{error}</Typography> : null}
      {older.map((m) => render(m))}
    </>
  );
};
