import { Button, Field, Flex, Modal, SingleSelect, SingleSelectOption, TextInput, Textarea, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { MESSAGE_MAX_LENGTH } from '../../../../shared/contracts';
import { useGetFromOptionsQuery, useSendNewTextMutation } from '../../api/inbox';
import { useErrorMessage } from '../../utils/errors';
import { getTranslation } from '../../utils/getTranslation';
import { nationalFormat } from '../../utils/phone';

/** Starts a 1:1 text from one of the user's offices' numbers (rule 1); opens its conversation once sent. */
export const NewTextModal = ({ open, onClose, onSent }: { open: boolean; onClose: () => void; onSent: (conversation: string) => void }) => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const { data: numbers, error: loadError } = useGetFromOptionsQuery(undefined, { skip: !open });
  const [sendText, { isLoading: busy }] = useSendNewTextMutation();
  const [chosen, setChosen] = React.useState<string | undefined>();
  const [to, setTo] = React.useState('');
  const [text, setText] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  // With one number to choose from, it is chosen.
  const from = chosen ?? (numbers?.length === 1 ? numbers[0].documentId : undefined);

  const send = async () => {
    if (!from) return;
    setError(null);
    try {
      const answer = await sendText({ from, to, text }).unwrap();
      setTo('');
      setText('');
      onSent(answer.conversation.documentId);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const shownError = error ?? (loadError ? errorMessage(loadError) : null);
  return (
    <Modal.Root open={open} onOpenChange={(o: boolean) => !o && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{formatMessage({ id: getTranslation('inbox.new.title'), defaultMessage: 'New text' })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Field.Root
              name="from"
              required
              hint={formatMessage({ id: getTranslation('inbox.new.from.hint'), defaultMessage: "Only your offices' numbers can start a text." })}
            >
              <Field.Label>{formatMessage({ id: getTranslation('inbox.new.from'), defaultMessage: 'From' })}</Field.Label>
              <SingleSelect
                value={from}
                placeholder={formatMessage({ id: getTranslation('campaigns.number.choose'), defaultMessage: 'Choose a number' })}
                onChange={(v: string | number) => setChosen(String(v))}
              >
                {(numbers ?? []).map((n) => (
                  <SingleSelectOption key={n.documentId} value={n.documentId}>
                    {`${nationalFormat(n.phoneNumber)} · ${n.name}${n.office ? ` (${n.office.name})` : ''}`}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
            <Field.Root name="to" required>
              <Field.Label>{formatMessage({ id: getTranslation('inbox.new.to'), defaultMessage: 'To' })}</Field.Label>
              <TextInput placeholder="+1 617 555 0123" value={to} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTo(e.target.value)} />
            </Field.Root>
            <Field.Root
              name="text"
              required
              hint={formatMessage({ id: getTranslation('form.counter'), defaultMessage: '{length, number}/{max, number}' }, { length: text.length, max: MESSAGE_MAX_LENGTH })}
            >
              <Field.Label>{formatMessage({ id: getTranslation('inbox.new.text'), defaultMessage: 'Text' })}</Field.Label>
              <Textarea value={text} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)} />
              <Field.Hint />
            </Field.Root>
            {shownError ? (
              <Typography textColor="danger600" data-testid="new-text-error">
                {shownError}
              </Typography>
            ) : null}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{formatMessage({ id: getTranslation('action.cancel'), defaultMessage: 'Cancel' })}</Button>
          </Modal.Close>
          <Button onClick={() => void send()} loading={busy} disabled={!from || !to.trim() || !text.trim() || text.length > MESSAGE_MAX_LENGTH}>
            {formatMessage({ id: getTranslation('inbox.send'), defaultMessage: 'Send' })}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
