import { getTranslation } from '../../utils/getTranslation';
import { Badge, Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Textarea, TextInput, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { botAnswerBodySchema, botPreviewBodySchema, type BotAnswerRow, type BotPreview } from '../../../../shared/contracts';
import {
  useCreateBotAnswerMutation,
  useDeleteBotAnswerMutation,
  useGetBotAnswersQuery,
  useGetOfficesQuery,
  usePreviewBotMutation,
  useUpdateBotAnswerMutation,
} from '../../api/settings';
import { checkWith, FormField, FormModal, SettingsTablePage, useRecordSave, withSettingsPermission } from './parts';

const keywordsOf = (s: string) =>
  s
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);

const AnswerForm = ({ office, answer, onClose }: { office: string; answer: BotAnswerRow | null; onClose: () => void }) => {
  const { formatMessage } = useIntl();
  const [question, setQuestion] = React.useState(answer?.question ?? '');
  const [keywords, setKeywords] = React.useState(answer?.keywords.join(', ') ?? '');
  const [reply, setReply] = React.useState(answer?.answer ?? '');
  const [create, { isLoading: creating }] = useCreateBotAnswerMutation();
  const [update, { isLoading: updating }] = useUpdateBotAnswerMutation();
  const { errors, save } = useRecordSave(botAnswerBodySchema, answer, { create, update }, onClose);

  const submit = () =>
    void save(
      { office, question, keywords: keywordsOf(keywords), answer: reply },
      answer
        ? formatMessage({ id: getTranslation('settings.bot.saved'), defaultMessage: 'Answer saved' })
        : formatMessage({ id: getTranslation('settings.bot.created'), defaultMessage: 'Answer added' })
    );

  return (
    <FormModal label={formatMessage({ id: getTranslation('settings.bot.form'), defaultMessage: 'Bot answer' })} title={answer ? formatMessage({ id: getTranslation('settings.bot.edit'), defaultMessage: 'Edit answer' }) : formatMessage({ id: getTranslation('settings.bot.add'), defaultMessage: 'Add an answer' })} onSubmit={submit} saving={creating || updating}>
      <FormField name="question" label={formatMessage({ id: getTranslation('settings.bot.question'), defaultMessage: 'Question' })} error={errors.question} required>
        <TextInput value={question} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQuestion(e.target.value)} />
      </FormField>
      <FormField name="keywords" label={formatMessage({ id: getTranslation('settings.bot.keywords'), defaultMessage: 'Keywords' })} hint={formatMessage({ id: getTranslation('settings.bot.keywords.hint'), defaultMessage: 'Separated by commas' })} error={errors.keywords}>
        <TextInput value={keywords} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setKeywords(e.target.value)} />
      </FormField>
      <FormField name="answer" label={formatMessage({ id: getTranslation('settings.bot.answer'), defaultMessage: 'Answer' })} error={errors.answer} required>
        <Textarea value={reply} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReply(e.target.value)} />
      </FormField>
    </FormModal>
  );
};

/** "Try the bot": what the office's bot would answer right now. Stores and sends nothing. */
const TryTheBot = ({ office }: { office: string }) => {
  const { formatMessage } = useIntl();
  const [text, setText] = React.useState('');
  const [error, setError] = React.useState<string | undefined>();
  const [result, setResult] = React.useState<BotPreview | null>(null);
  const [preview, { isLoading }] = usePreviewBotMutation();
  const KIND: Record<BotPreview['kind'], string> = {
    answer: formatMessage({ id: getTranslation('settings.bot.try.kind.answer'), defaultMessage: 'Bot answer' }),
    fallback: formatMessage({ id: getTranslation('settings.bot.try.kind.fallback'), defaultMessage: 'Fallback reply' }),
    handoff: formatMessage({ id: getTranslation('settings.bot.try.kind.handoff'), defaultMessage: 'Hand-off to a person' }),
    help: formatMessage({ id: getTranslation('settings.bot.try.kind.help'), defaultMessage: 'HELP reply' }),
    optout: formatMessage({ id: getTranslation('settings.bot.try.kind.optout'), defaultMessage: 'Opt-out confirmation' }),
    optin: formatMessage({ id: getTranslation('settings.bot.try.kind.optin'), defaultMessage: 'Opt-in confirmation' }),
  };

  const ask = async (e: React.FormEvent) => {
    e.preventDefault();
    const checked = checkWith(botPreviewBodySchema, { text });
    if (!checked.ok) return setError(checked.errors.text);
    setError(undefined);
    const res = await preview({ documentId: office, text });
    if ('data' in res && res.data) setResult(res.data.data);
  };

  return (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius marginBottom={6}>
      <form onSubmit={ask} aria-label={formatMessage({ id: getTranslation('settings.bot.try.title'), defaultMessage: 'Try the bot' })}>
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Typography variant="delta" tag="h2">
            {formatMessage({ id: getTranslation('settings.bot.try.title'), defaultMessage: 'Try the bot' })}
          </Typography>
          <Field.Root name="try" error={error} hint={formatMessage({ id: getTranslation('settings.bot.try.hint'), defaultMessage: 'Shows what the bot would answer now. Nothing is stored or sent.' })}>
            <Field.Label>{formatMessage({ id: getTranslation('settings.bot.try.label'), defaultMessage: 'A text from a student' })}</Field.Label>
            <TextInput value={text} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value)} />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
          <Flex>
            <Button type="submit" variant="secondary" loading={isLoading}>
              {formatMessage({ id: getTranslation('settings.bot.try.ask'), defaultMessage: 'Ask the bot' })}
            </Button>
          </Flex>
          {result ? (
            <Box data-testid="bot-preview" padding={4} background="neutral100" hasRadius>
              <Flex direction="column" alignItems="flex-start" gap={2}>
                <Badge>{KIND[result.kind]}</Badge>
                <Typography>{result.reply}</Typography>
                {result.matched ? (
                  <Typography variant="pi" textColor="neutral600">
                    {formatMessage({ id: getTranslation('settings.bot.try.matched'), defaultMessage: 'Matched: {question}' }, { question: result.matched.question })}
                  </Typography>
                ) : null}
              </Flex>
            </Box>
          ) : null}
        </Flex>
      </form>
    </Box>
  );
};

/** Settings → Texting → Bot answers, per office. */
const BotAnswersPage = () => {
  const { formatMessage } = useIntl();
  const { data: offices, isLoading: loadingOffices } = useGetOfficesQuery({ sort: 'name:asc' });
  const [office, setOffice] = React.useState<string>('');
  const chosen = office || offices?.data[0]?.documentId || '';
  const { data } = useGetBotAnswersQuery({ office: chosen, sort: 'name:asc' }, { skip: !chosen });
  const [remove] = useDeleteBotAnswerMutation();
  const answers = chosen ? (data?.data ?? []) : [];
  return (
    <SettingsTablePage<BotAnswerRow>
      isLoading={loadingOffices}
      title={formatMessage({ id: getTranslation('settings.bot.title'), defaultMessage: 'Bot answers' })}
      subtitle={formatMessage({ id: getTranslation('settings.bot.subtitle'), defaultMessage: '{count, plural, one {# answer} other {# answers}}' }, { count: answers.length })}
      addLabel={formatMessage({ id: getTranslation('settings.bot.add'), defaultMessage: 'Add an answer' })}
      addDisabled={!chosen}
      emptyText={chosen ? formatMessage({ id: getTranslation('settings.bot.empty'), defaultMessage: 'This office has no bot answers yet.' }) : formatMessage({ id: getTranslation('settings.bot.noOffice'), defaultMessage: 'Add an office first: bot answers belong to an office.' })}
      before={
        chosen ? (
          <>
            <Box marginBottom={6} maxWidth="32rem">
              <Field.Root name="office">
                <Field.Label>{formatMessage({ id: getTranslation('settings.bot.office'), defaultMessage: 'Office' })}</Field.Label>
                <SingleSelect value={chosen} onChange={(v: string | number) => setOffice(String(v))}>
                  {(offices?.data ?? []).map((o) => (
                    <SingleSelectOption key={o.documentId} value={o.documentId}>
                      {o.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Box>
            <TryTheBot key={chosen} office={chosen} />
          </>
        ) : null
      }
      rows={answers}
      rowData={(a) => ['answer', a.question]}
      columns={[
        { label: formatMessage({ id: getTranslation('settings.bot.question'), defaultMessage: 'Question' }), render: (a) => a.question },
        { label: formatMessage({ id: getTranslation('settings.bot.keywords'), defaultMessage: 'Keywords' }), render: (a) => a.keywords.join(', ') },
        { label: formatMessage({ id: getTranslation('settings.bot.answer'), defaultMessage: 'Answer' }), render: (a) => a.answer },
      ]}
      editLabel={(a) => formatMessage({ id: getTranslation('settings.bot.editLabel'), defaultMessage: 'Edit "{question}"' }, { question: a.question })}
      deleteLabel={(a) => formatMessage({ id: getTranslation('settings.bot.deleteLabel'), defaultMessage: 'Delete "{question}"' }, { question: a.question })}
      deleteTitle={() => formatMessage({ id: getTranslation('settings.bot.delete.title'), defaultMessage: 'Delete this answer?' })}
      deleteBody={formatMessage({ id: getTranslation('settings.bot.delete.body'), defaultMessage: 'The bot stops using it at once.' })}
      onDelete={(a) => remove(a.documentId)}
      deleted={formatMessage({ id: getTranslation('settings.bot.deleted'), defaultMessage: 'Answer deleted' })}
      renderForm={(a, close) => <AnswerForm office={chosen} answer={a} onClose={close} />}
    />
  );
};

export default withSettingsPermission(BotAnswersPage);
