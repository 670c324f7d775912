import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  IconButton,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Textarea,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Pencil, Plus, Trash } from '@strapi/icons';
import { Layouts, Page } from '@strapi/strapi/admin';
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
import { checkWith, ConfirmDelete, EmptyRow, useMutationFeedback, useSettingsT, type FieldErrors } from './parts';

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
    <Modal.Content>
      <form onSubmit={submit} noValidate aria-label={t('bot.form', 'Bot answer')}>
        <Modal.Header>
          <Modal.Title>{answer ? t('bot.edit', 'Edit answer') : t('bot.add', 'Add an answer')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Grid.Root gap={4}>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Field.Root name="question" error={errors.question} required>
                <Field.Label>{t('bot.question', 'Question')}</Field.Label>
                <TextInput value={question} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setQuestion(e.target.value)} />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Field.Root name="keywords" error={errors.keywords} hint={t('bot.keywords.hint', 'Separated by commas')}>
                <Field.Label>{t('bot.keywords', 'Keywords')}</Field.Label>
                <TextInput value={keywords} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setKeywords(e.target.value)} />
                <Field.Hint />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
            <Grid.Item col={12} direction="column" alignItems="stretch">
              <Field.Root name="answer" error={errors.answer} required>
                <Field.Label>{t('bot.answer', 'Answer')}</Field.Label>
                <Textarea value={reply} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReply(e.target.value)} />
                <Field.Error />
              </Field.Root>
            </Grid.Item>
          </Grid.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('common.cancel', 'Cancel')}</Button>
          </Modal.Close>
          <Button type="submit" loading={creating || updating}>
            {t('common.save', 'Save')}
          </Button>
        </Modal.Footer>
      </form>
    </Modal.Content>
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
  const [editing, setEditing] = React.useState<BotAnswerRow | 'new' | null>(null);
  const [deleting, setDeleting] = React.useState<BotAnswerRow | null>(null);
  const [remove] = useDeleteBotAnswerMutation();
  const feedback = useMutationFeedback();
  const answers = chosen ? (data?.data ?? []) : [];

  if (loadingOffices) return <Page.Loading />;
  return (
    <Page.Main>
      <Page.Title>{t('bot.title', 'Bot answers')}</Page.Title>
      <Layouts.Header
        title={t('bot.title', 'Bot answers')}
        subtitle={t('bot.subtitle', '{count, plural, one {# answer} other {# answers}}', { count: answers.length })}
        primaryAction={
          <Button startIcon={<Plus />} onClick={() => setEditing('new')} disabled={!chosen}>
            {t('bot.add', 'Add an answer')}
          </Button>
        }
      />
      <Layouts.Content>
        {!chosen ? (
          <EmptyRow>{t('bot.noOffice', 'Add an office first: bot answers belong to an office.')}</EmptyRow>
        ) : (
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
            {answers.length === 0 ? (
              <EmptyRow>{t('bot.empty', 'This office has no bot answers yet.')}</EmptyRow>
            ) : (
              <Table colCount={4} rowCount={answers.length + 1}>
                <Thead>
                  <Tr>
                    <Th>
                      <Typography variant="sigma">{t('bot.question', 'Question')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('bot.keywords', 'Keywords')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('bot.answer', 'Answer')}</Typography>
                    </Th>
                    <Th>
                      <Typography variant="sigma">{t('common.actions', 'Actions')}</Typography>
                    </Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {answers.map((a) => (
                    <Tr key={a.documentId} data-answer={a.question}>
                      <Td>
                        <Typography fontWeight="bold">{a.question}</Typography>
                      </Td>
                      <Td>
                        <Typography>{a.keywords.join(', ')}</Typography>
                      </Td>
                      <Td>
                        <Typography ellipsis>{a.answer}</Typography>
                      </Td>
                      <Td>
                        <Flex gap={1}>
                          <IconButton label={t('bot.editLabel', 'Edit "{question}"', { question: a.question })} variant="ghost" onClick={() => setEditing(a)}>
                            <Pencil />
                          </IconButton>
                          <IconButton label={t('bot.deleteLabel', 'Delete "{question}"', { question: a.question })} variant="ghost" onClick={() => setDeleting(a)}>
                            <Trash />
                          </IconButton>
                        </Flex>
                      </Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            )}
          </>
        )}
      </Layouts.Content>
      <Modal.Root open={editing !== null} onOpenChange={(open: boolean) => !open && setEditing(null)}>
        {editing !== null ? <AnswerForm office={chosen} answer={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
      </Modal.Root>
      <ConfirmDelete
        open={deleting !== null}
        title={t('bot.delete.title', 'Delete this answer?')}
        body={t('bot.delete.body', 'The bot stops using it at once.')}
        onClose={() => setDeleting(null)}
        onConfirm={async () => {
          if (deleting) await feedback(remove(deleting.documentId), t('bot.deleted', 'Answer deleted'));
          setDeleting(null);
        }}
      />
    </Page.Main>
  );
};

export const ProtectedBotAnswersPage = () => (
  <Page.Protect permissions={PERMISSIONS.settings}>
    <BotAnswersPage />
  </Page.Protect>
);

export default ProtectedBotAnswersPage;
