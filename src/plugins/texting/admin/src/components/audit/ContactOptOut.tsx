import { Button, Dialog, Flex, Textarea, Typography } from '@strapi/design-system';
import { ConfirmDialog, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import { useSetOptOutMutation } from '../../api/audit';
import { useErrorMessage } from '../../utils/errors';
import { getTranslation } from '../../utils/getTranslation';

/**
 * In a conversation's thread: the contact's opt-out log (Texting → Opt-out log, this contact), and — for users
 * who may reply — recording an opt-out or opt-in the contact asked for outside a keyword (a call, a letter).
 */
export const ContactOptOut = ({ conversation, contact, optedOut, canReply }: { conversation: string; contact: string; optedOut: boolean; canReply: boolean }) => {
  const { formatMessage } = useIntl();
  const errorMessage = useErrorMessage();
  const { toggleNotification } = useNotification();
  const [confirm, setConfirm] = React.useState(false);
  const [note, setNote] = React.useState('');
  const [setOptOut, { isLoading }] = useSetOptOutMutation();

  const apply = async () => {
    setConfirm(false);
    try {
      await setOptOut({ conversation, optedOut: !optedOut, note: note.trim() || undefined }).unwrap();
      setNote('');
      toggleNotification({
        type: 'success',
        message: optedOut
          ? formatMessage({ id: getTranslation('optOuts.recorded.optIn'), defaultMessage: 'The contact is opted back in; the change is logged.' })
          : formatMessage({ id: getTranslation('optOuts.recorded.optOut'), defaultMessage: 'The contact is opted out; the change is logged.' }),
      });
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    }
  };

  return (
    <Flex gap={2}>
      <Button variant="tertiary" size="S" tag={NavLink} to={`/plugins/texting/opt-outs?contact=${encodeURIComponent(contact)}`}>
        {formatMessage({ id: getTranslation('optOuts.contactLog'), defaultMessage: 'Opt-out log' })}
      </Button>
      {canReply ? (
        <Button variant={optedOut ? 'secondary' : 'danger-light'} size="S" loading={isLoading} onClick={() => setConfirm(true)}>
          {optedOut
            ? formatMessage({ id: getTranslation('optOuts.record.optIn'), defaultMessage: 'Record opt-in' })
            : formatMessage({ id: getTranslation('optOuts.record.optOut'), defaultMessage: 'Record opt-out' })}
        </Button>
      ) : null}
      <Dialog.Root open={confirm} onOpenChange={setConfirm}>
        <ConfirmDialog
          title={
            optedOut
              ? formatMessage({ id: getTranslation('optOuts.record.optIn'), defaultMessage: 'Record opt-in' })
              : formatMessage({ id: getTranslation('optOuts.record.optOut'), defaultMessage: 'Record opt-out' })
          }
          onConfirm={() => void apply()}
        >
          <Flex direction="column" alignItems="stretch" gap={2}>
            <Typography textAlign="center">
              {optedOut
                ? formatMessage({ id: getTranslation('optOuts.record.optIn.question'), defaultMessage: 'The contact asked to get texts again. Campaigns and 1:1 texts may reach them.' })
                : formatMessage({ id: getTranslation('optOuts.record.optOut.question'), defaultMessage: 'The contact asked to get no more texts. No confirmation is texted.' })}
            </Typography>
            <Textarea
              name="opt-out-note"
              aria-label={formatMessage({ id: getTranslation('optOuts.note'), defaultMessage: 'Note (how they asked)' })}
              placeholder={formatMessage({ id: getTranslation('optOuts.note'), defaultMessage: 'Note (how they asked)' })}
              value={note}
              onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setNote(e.target.value)}
              maxLength={300}
            />
          </Flex>
        </ConfirmDialog>
      </Dialog.Root>
    </Flex>
  );
};
