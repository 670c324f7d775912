import { Button, Field, Flex, Textarea } from '@strapi/design-system';
import { PaperPlane } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { MESSAGE_MAX_LENGTH } from '../../../../shared/contracts';
import { useReplyToConversationMutation } from '../../api/inbox';
import { useErrorMessage } from '../../utils/errors';
import { getTranslation } from '../../utils/getTranslation';

/** The reply box of a thread; an opted-out contact cannot be texted (rule 10), so the box is closed for them. */
export const ReplyForm = ({ documentId, optedOut }: { documentId: string; optedOut: boolean }) => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const { toggleNotification } = useNotification();
  const [reply, { isLoading: sending }] = useReplyToConversationMutation();
  const [text, setText] = React.useState('');
  const tooLong = text.length > MESSAGE_MAX_LENGTH;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      await reply({ documentId, text }).unwrap();
      setText('');
    } catch (err) {
      toggleNotification({ type: 'danger', message: errorMessage(err) });
    }
  };

  return (
    <form onSubmit={submit}>
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Field.Root
          name="reply"
          error={
            tooLong
              ? formatMessage({ id: getTranslation('form.error.tooLong'), defaultMessage: 'At most {max} characters.' }, { max: MESSAGE_MAX_LENGTH })
              : undefined
          }
          hint={
            optedOut
              ? formatMessage({
                  id: getTranslation('inbox.reply.optedOutHint'),
                  defaultMessage: 'This contact replied STOP: texts to them are refused until they reply START.',
                })
              : formatMessage({ id: getTranslation('form.counter'), defaultMessage: '{length, number}/{max, number}' }, { length: text.length, max: MESSAGE_MAX_LENGTH })
          }
        >
          <Field.Label>{formatMessage({ id: getTranslation('inbox.reply'), defaultMessage: 'Reply' })}</Field.Label>
          <Textarea
            value={text}
            disabled={optedOut}
            placeholder={
              optedOut
                ? formatMessage({ id: getTranslation('inbox.optedOut'), defaultMessage: 'Opted out' })
                : formatMessage({ id: getTranslation('inbox.reply.placeholder'), defaultMessage: 'Type a reply' })
            }
            onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)}
          />
          <Field.Hint />
          <Field.Error />
        </Field.Root>
        <Flex justifyContent="flex-end">
          <Button type="submit" startIcon={<PaperPlane />} loading={sending} disabled={optedOut || !text.trim() || tooLong}>
            {formatMessage({ id: getTranslation('inbox.send'), defaultMessage: 'Send' })}
          </Button>
        </Flex>
      </Flex>
    </form>
  );
};
