import { Box, Field, Textarea, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { STOP_FOOTER, withStopFooter } from '../../../../shared/contracts';
import { getTranslation } from '../../utils/getTranslation';

/** The campaign's text, and how it is sent: with the opt-out footer the server adds (shared/contracts). */
export const MessageField = ({
  value,
  error,
  disabled,
  onChange,
}: {
  value: string;
  error?: string;
  disabled: boolean;
  onChange: (message: string) => void;
}) => {
  const { formatMessage } = useIntl();
  const sent = withStopFooter(value);
  return (
    <>
      <Field.Root
        name="message"
        error={error}
        hint={formatMessage(
          { id: getTranslation('campaigns.message.hint'), defaultMessage: '"{footer}" is added unless the text already says it.' },
          { footer: STOP_FOOTER }
        )}
      >
        <Field.Label>{formatMessage({ id: getTranslation('campaigns.message'), defaultMessage: 'Message' })}</Field.Label>
        <Textarea value={value} disabled={disabled} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)} />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
      {sent && sent !== value.trim() ? (
        <Box paddingTop={2}>
          <Typography variant="pi" textColor="neutral600" style={{ whiteSpace: 'pre-wrap' }}>
            {formatMessage({ id: getTranslation('campaigns.message.sentAs'), defaultMessage: 'Sent as:\n{text}' }, { text: sent })}
          </Typography>
        </Box>
      ) : null}
    </>
  );
};
