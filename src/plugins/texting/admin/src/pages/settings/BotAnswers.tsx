import { Badge, Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Textarea, TextInput, Typography } from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import * as React from 'react';
import { botAnswerBodySchema, botPreviewBodySchema, type BotAnswerRow, type BotPreview } from '../../../../shared/contracts';
import {
  useCreateBotAnswerMutation,
  useDeleteBotAnswerMutation,
  useGetBotAnswersQuery,
  useGetOfficesQuery,
  usePreviewBotMutation,
  useUpdateBotAnswerMutation,
} from '../../api/settings';
import { PERMISSIONS } from '../../permissions';
import { checkWith, FormField, FormModal, SettingsTablePage, useMutationFeedback, useSettingsT, type FieldErrors } from './parts';

const keywordsOf = (s: string) =>
  s
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);

const AnswerForm = ({ office, answer, onClose }: { office: string; answer: BotAnswerRow | null; onClose: () => void }) => {
  const t = useSettingsT();
  const [question, setQuestion] = React.useState(answer?.question ?? '');
  const [keywords, setKeywords] = React.useState(answer?.keywords.join(', ') ?? '');
  const [reply, setReply] = React.useState(answer?.answer ?? '');
  const [errors, setErrors] = React.useState<FieldErrors>({});
  const [create, { isLoading: creating }] = useCreateBotAnswerMutation();
  const [update, { isLoading: updating }] = useUpdateBotAnswerMutation();
  const feedback = useMutationFeedback();

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const body = { office, question, keywords: keywordsOf(keywords), answer: reply };
    const checked = checkWith(botAnswerBodySchema, body);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    const done = answer
      ? await feedback(update({ documentId: answer.documentId, body }), t('bot.saved', 'Answer saved'))
      : await feedback(create(body), t('bot.created', 'Answer added'));
    if (done) onClose();
  };

  return (
    <FormModal label={t('bot.form', 'Bot answer')} title={answer ? t('bot.edit', 'Edit answer') : t('bot.add', 'Add an answer')} onSubmit={submit} saving={creating || updating}>
      <FormField name="question" label={t('bot.question', 'Question')} error={errors.question} required>
        <TextInput value={question} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQuestion(e.target.value)} />
      </FormField>
      <FormField name="keywords" label={t('bot.keywords', 'Keywords')} hint={t('bot.keywords.hint', 'Separated by commas')} error={errors.keywords}>
        <TextInput value={keywords} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setKeywords(e.target.value)} />
      </FormField>
      <FormField name="answer" label={t('bot.answer', 'Answer')} error={errors.answer} required>
        <Textarea value={reply} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReply(e.target.value)} />
      </FormField>
    </FormModal>
  );
};

/** "Try the bot": what the office's bot would answer right now. Stores and sends nothing. */
const TryTheBot = ({ office }: { office: string }) => {
  const t = useSettingsT();
  const [text, setText] = React.useState('');
  const [error, setError] = React.useState<string | undefined>();
  const [result, setResult] = React.useState<BotPreview | null>(null);
  const [preview, { isLoading }] = usePreviewBotMutation();
  const KIND: Record<BotPreview['kind'], string> = {
    answer: t('bot.try.kind.answer', 'Bot answer'),
    fallback: t('bot.try.kind.fallback', 'Fallback reply'),
    handoff: t('bot.try.kind.handoff', 'Hand-off to a person'),
    help: t('bot.try.kind.help', 'HELP reply'),
    optout: t('bot.try.kind.optout', 'Opt-out confirmation'),
    optin: t('bot.try.kind.optin', 'Opt-in confirmation'),
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
      <form onSubmit={ask} aria-label={t('bot.try.title', 'Try the bot')}>
        <Flex direction="column" alignItems="stretch" gap={3}>
          <Typography variant="delta" tag="h2">
            {t('bot.try.title', 'Try the bot')}
          </Typography>
          <Field.Root name="try" error={error} hint={t('bot.try.hint', 'Shows what the bot would answer now. Nothing is stored or sent.')}>
            <Field.Label>{t('bot.try.label', 'A text from a student')}</Field.Label>
            <TextInput value={text} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value)} />
            <Field.Hint />
            <Field.Error />
          </Field.Root>
          <Flex>
            <Button type="submit" variant="secondary" loading={isLoading}>
              {t('bot.try.ask', 'Ask the bot')}
            </Button>
          </Flex>
          {result ? (
            <Box data-testid="bot-preview" padding={4} background="neutral100" hasRadius>
              <Flex direction="column" alignItems="flex-start" gap={2}>
                <Badge>{KIND[result.kind]}</Badge>
                <Typography>{result.reply}</Typography>
                {result.matched ? (
                  <Typography variant="pi" textColor="neutral600">
                    {t('bot.try.matched', 'Matched: {question}', { question: result.matched.question })}
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
  const t = useSettingsT();
  const { data: offices, isLoading: loadingOffices } = useGetOfficesQuery({ sort: 'name:asc' });
  const [office, setOffice] = React.useState<string>('');
  const chosen = office || offices?.data[0]?.documentId || '';
  const { data } = useGetBotAnswersQuery({ office: chosen, sort: 'name:asc' }, { skip: !chosen });
  const [remove] = useDeleteBotAnswerMutation();
  const feedback = useMutationFeedback();
  const answers = chosen ? (data?.data ?? []) : [];
  if (loadingOffices) return <Page.Loading />;
  return (
    <SettingsTablePage<BotAnswerRow>
      title={t('bot.title', 'Bot answers')}
      subtitle={t('bot.subtitle', '{count, plural, one {# answer} other {# answers}}', { count: answers.length })}
      addLabel={t('bot.add', 'Add an answer')}
      addDisabled={!chosen}
      emptyText={chosen ? t('bot.empty', 'This office has no bot answers yet.') : t('bot.noOffice', 'Add an office first: bot answers belong to an office.')}
      before={
        chosen ? (
          <>
            <Box marginBottom={6} maxWidth="32rem">
              <Field.Root name="office">
                <Field.Label>{t('bot.office', 'Office')}</Field.Label>
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
        { label: t('bot.question', 'Question'), render: (a) => a.question },
        { label: t('bot.keywords', 'Keywords'), render: (a) => a.keywords.join(', ') },
        { label: t('bot.answer', 'Answer'), render: (a) => a.answer },
      ]}
      editLabel={(a) => t('bot.editLabel', 'Edit "{question}"', { question: a.question })}
      deleteLabel={(a) => t('bot.deleteLabel', 'Delete "{question}"', { question: a.question })}
      deleteTitle={() => t('bot.delete.title', 'Delete this answer?')}
      deleteBody={t('bot.delete.body', 'The bot stops using it at once.')}
      onDelete={(a) => feedback(remove(a.documentId), t('bot.deleted', 'Answer deleted'))}
      renderForm={(a, close) => <AnswerForm office={chosen} answer={a} onClose={close} />}
    />
  );
};

export const ProtectedBotAnswersPage = () => (
  <Page.Protect permissions={PERMISSIONS.settings}>
    <BotAnswersPage />
  </Page.Protect>
);

export default ProtectedBotAnswersPage;
