import {
  Alert,
  Badge,
  Box,
  Button,
  DateTimePicker,
  Dialog,
  Field,
  Flex,
  Grid,
  Radio,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { Check, Clock, Archive } from '@strapi/icons';
import { BackButton, ConfirmDialog, Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { useNavigate, useParams } from 'react-router-dom';
import {
  errorMessage,
  fieldErrors,
  useCampaignsClient,
  useDirectory,
  useQuery,
  type CampaignAnswer,
  type CampaignDetail,
  type CampaignInput,
  type RecipientImportReport,
  type ResponseType,
} from '../api/client';
import { CampaignRecipients } from '../components/capacity/CampaignRecipients';
import { RecipientsFileImport } from '../components/capacity/RecipientsFileImport';
import { Card } from '../components/Card';
import { InboxesSelect, refOptions } from '../components/InboxesSelect';
import { SimulatedBadge } from '../components/SimulatedBadge';
import { PERMISSIONS } from '../permissions';
import { nationalFormat } from '../utils/phone';
import { CampaignStatusBadge } from './CampaignsParts';

const LIST_PATH = '/plugins/texting/campaigns';
const FOOTER = 'Reply STOP to opt out';
const HAS_FOOTER = /reply\s+stop\s+to\s+opt[\s-]*out/i;

interface Values {
  name: string;
  office: string | null;
  numberChoice: 'reusable' | 'single_use';
  phoneNumber: string | null;
  areaCode: string;
  message: string;
  sendAt: Date | null;
  archiveAt: Date | null;
  responseType: ResponseType;
  inboxes: string[];
}

type Errors = Partial<Record<keyof Values | 'recipients' | '_form', string>>;

const EMPTY: Values = {
  name: '',
  office: null,
  numberChoice: 'reusable',
  phoneNumber: null,
  areaCode: '',
  message: '',
  sendAt: null,
  archiveAt: null,
  responseType: 'bot',
  inboxes: [],
};

const valuesOf = (c: CampaignDetail): Values => ({
  name: c.name,
  office: c.office?.documentId ?? null,
  numberChoice: c.phoneNumber?.numberType === 'single_use' || (!c.phoneNumber && c.singleUseAreaCode) ? 'single_use' : 'reusable',
  phoneNumber: c.phoneNumber?.documentId ?? null,
  areaCode: c.singleUseAreaCode ?? '',
  // The stored message carries the footer; the form shows it as the server will send it.
  message: c.message ?? '',
  sendAt: c.sendAt ? new Date(c.sendAt) : null,
  archiveAt: c.archiveAt ? new Date(c.archiveAt) : null,
  responseType: c.responseType,
  inboxes: [...c.inboxes.offices.map((o) => `office:${o.documentId}`), ...c.inboxes.agents.map((a) => `agent:${a.documentId}`)],
});

const inboxesOf = (v: Values) => {
  const pick = (kind: string) =>
    v.responseType === 'agent' ? v.inboxes.filter((i) => i.startsWith(`${kind}:`)).map((i) => i.slice(kind.length + 1)) : [];
  return { offices: pick('office'), agents: pick('agent') };
};

/** Checks the server makes too, shown at the field before a request. */
const validate = (v: Values, isNew: boolean): Errors => {
  const e: Errors = {};
  if (!v.name.trim()) e.name = 'Give the campaign a name.';
  if (!v.office) e.office = 'Choose the office the campaign belongs to.';
  if (isNew && v.numberChoice === 'single_use' && !/^[2-9]\d{2}$/.test(v.areaCode)) e.areaCode = 'Enter a 3-digit area code, e.g. 415.';
  if (v.message.length > 1600) e.message = 'At most 1600 characters, the footer included.';
  if (v.sendAt && v.archiveAt && v.archiveAt <= v.sendAt) e.archiveAt = 'The archive time must be after the send time.';
  if (v.responseType === 'agent' && v.inboxes.length === 0) e.inboxes = 'An agent-answered campaign needs at least one inbox.';
  return e;
};

/** The import's answer, line by line. (An Alert's body is a paragraph: only inline content inside it.) */
const ImportReport = ({ report }: { report: RecipientImportReport }) => {
  const invalid = report.invalid.slice(0, 10).map((i) => `Line ${i.line}: "${i.value}" — ${i.reason}`);
  if (report.invalid.length > 10) invalid.push(`…and ${report.invalid.length - 10} more invalid lines`);
  const optedOut = report.optedOut.slice(0, 10).map((o) => `line ${o.line} (${nationalFormat(o.phoneNumber)})`);
  return (
    <Alert variant={report.invalid.length ? 'warning' : 'success'} title="Recipients imported" closeLabel="Close">
      {`${report.accepted} added, ${report.duplicates} duplicates collapsed, ${report.invalid.length} invalid, ${report.optedOut.length} opted out and excluded; ${report.total} in the list.`}
      {invalid.map((line) => (
        <React.Fragment key={line}>
          <br />
          {line}
        </React.Fragment>
      ))}
      {optedOut.length ? (
        <>
          <br />
          {`Opted out: ${optedOut.join(', ')}`}
        </>
      ) : null}
    </Alert>
  );
};

const Stat = ({ label, value }: { label: string; value: number }) => {
  const { formatNumber } = useIntl();
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} data-stat={label.toLowerCase()}>
      <Typography variant="sigma" textColor="neutral600">
        {label}
      </Typography>
      <Typography variant="beta">{formatNumber(value)}</Typography>
    </Flex>
  );
};

interface FormProps {
  campaign: CampaignDetail | null;
  canManage: boolean;
  reload: (c: CampaignDetail) => void;
  /** Kept by the page: saving a new campaign remounts the form under its new id. */
  report: RecipientImportReport | null;
  setReport: (r: RecipientImportReport | null) => void;
}

const CampaignForm = ({ campaign, canManage, reload, report, setReport }: FormProps) => {
  const client = useCampaignsClient();
  const navigate = useNavigate();
  const { formatDate } = useIntl();
  const { toggleNotification } = useNotification();
  const { offices, agents } = useDirectory();
  const [values, setValues] = React.useState<Values>(campaign ? valuesOf(campaign) : EMPTY);
  const [errors, setErrors] = React.useState<Errors>({});
  const [busy, setBusy] = React.useState<string | null>(null);
  const [paste, setPaste] = React.useState('');
  const [confirmArchive, setConfirmArchive] = React.useState(false);

  const isNew = campaign === null;
  const status = campaign?.status ?? 'draft';
  const editable = canManage && (status === 'draft' || status === 'scheduled');
  const lateEditable = canManage && status === 'active'; // name, archive time, who answers
  const ownSingleUse = campaign?.phoneNumber?.numberType === 'single_use' ? campaign.phoneNumber : null;

  const options = useQuery(values.office ? `number-options:${values.office}` : null, () => client.numberOptions(values.office!));
  const set = (patch: Partial<Values>) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k as keyof Errors];
      return next;
    });
  };

  const bodyOf = (v: Values): CampaignInput => {
    if (status === 'active') {
      return { name: v.name.trim(), archiveAt: v.archiveAt?.toISOString() ?? null, responseType: v.responseType, inboxes: inboxesOf(v) };
    }
    const body: CampaignInput = {
      name: v.name.trim(),
      office: v.office ?? undefined,
      message: v.message,
      sendAt: v.sendAt?.toISOString() ?? null,
      archiveAt: v.archiveAt?.toISOString() ?? null,
      responseType: v.responseType,
      inboxes: inboxesOf(v),
    };
    if (!ownSingleUse) {
      if (v.numberChoice === 'single_use') {
        if (isNew || !campaign?.phoneNumber) body.singleUseAreaCode = v.areaCode;
      } else {
        body.phoneNumber = v.phoneNumber;
      }
    }
    return body;
  };

  const fail = (err: unknown, what: string) => {
    const byField = fieldErrors(err);
    setErrors(Object.keys(byField).length ? (byField as Errors) : { _form: errorMessage(err) });
    toggleNotification({ type: 'danger', message: `${what}: ${errorMessage(err)}` });
  };

  const after = (answer: CampaignAnswer, message: string) => {
    reload(answer.data);
    setValues(valuesOf(answer.data));
    if (answer.meta?.import) setReport(answer.meta.import);
    toggleNotification({ type: 'success', message });
  };

  const save = async (e?: React.FormEvent) => {
    e?.preventDefault();
    const local = validate(values, isNew);
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy('save');
    try {
      if (isNew) {
        const created = await client.create(bodyOf(values));
        let answer = created;
        if (paste.trim()) answer = await client.importRecipients(created.data.documentId, { csv: paste, mode: 'append' });
        setPaste('');
        after(answer, created.meta?.singleUseNumber ? `Saved. Single-use number ${nationalFormat(created.meta.singleUseNumber)} was bought for it (pending carrier registration).` : 'Campaign saved as a draft.');
        navigate(`${LIST_PATH}/${created.data.documentId}`, { replace: true });
      } else {
        after(await client.update(campaign.documentId, bodyOf(values)), 'Campaign saved.');
      }
    } catch (err) {
      fail(err, 'Not saved');
    } finally {
      setBusy(null);
    }
  };

  const importRecipients = async (csv: string, mode: 'append' | 'replace') => {
    if (!campaign) return;
    setBusy('import');
    try {
      const answer = await client.importRecipients(campaign.documentId, { csv, mode });
      setPaste('');
      after(answer, 'Recipients imported.');
    } catch (err) {
      fail(err, 'Recipients not imported');
    } finally {
      setBusy(null);
    }
  };

  const act = async (kind: 'schedule' | 'unschedule' | 'archive') => {
    if (!campaign) return;
    setBusy(kind);
    try {
      const answer = await client[kind](campaign.documentId);
      const text = {
        schedule: 'Campaign scheduled. It starts at its send time.',
        unschedule: 'Campaign is a draft again.',
        archive: answer.meta?.releaseFailed
          ? `Campaign archived. Its single-use number could not be released yet (${answer.meta.releaseFailed.reason}); it is retried automatically.`
          : answer.meta?.released
            ? `Campaign archived; its single-use number ${nationalFormat(answer.meta.released)} was released.`
            : 'Campaign archived. Its number follows its own settings again.',
      }[kind];
      after(answer, text);
    } catch (err) {
      fail(err, kind === 'schedule' ? 'Not scheduled' : kind === 'archive' ? 'Not archived' : 'Not changed');
    } finally {
      setBusy(null);
    }
  };

  const footerPreview = values.message.trim() && !HAS_FOOTER.test(values.message) ? `${values.message.trim()}\n${FOOTER}` : values.message.trim();
  const p = campaign?.progress;

  const actions = (
    <Flex gap={2}>
      {canManage && campaign && (status === 'draft' || status === 'scheduled' || status === 'active') ? (
        <Button variant="danger-light" startIcon={<Archive />} onClick={() => setConfirmArchive(true)} loading={busy === 'archive'}>
          Archive
        </Button>
      ) : null}
      {canManage && campaign && status === 'scheduled' ? (
        <Button variant="secondary" onClick={() => act('unschedule')} loading={busy === 'unschedule'}>
          Back to draft
        </Button>
      ) : null}
      {canManage && campaign && status === 'draft' ? (
        <Button variant="secondary" startIcon={<Clock />} onClick={() => act('schedule')} loading={busy === 'schedule'}>
          Schedule
        </Button>
      ) : null}
      {editable || lateEditable ? (
        <Button type="submit" form="campaign-form" startIcon={<Check />} loading={busy === 'save'}>
          Save
        </Button>
      ) : null}
    </Flex>
  );

  return (
    <Page.Main>
      <Page.Title>{campaign ? campaign.name : 'New campaign'}</Page.Title>
      <Layouts.Header
        navigationAction={<BackButton fallback={LIST_PATH} />}
        title={campaign ? campaign.name : 'New campaign'}
        subtitle={campaign ? `${campaign.office?.name ?? 'No office'} · ${campaign.recipientCount} recipients` : 'Texts from one of your office’s numbers'}
        secondaryAction={
          <Flex gap={2}>
            {campaign ? <CampaignStatusBadge status={campaign.status} /> : null}
            <SimulatedBadge />
          </Flex>
        }
        primaryAction={actions}
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {errors._form ? (
            <Alert variant="danger" title="Not done" closeLabel="Close" onClose={() => setErrors((e) => ({ ...e, _form: undefined }))}>
              {errors._form}
            </Alert>
          ) : null}
          {campaign?.hold ? (
            <Alert variant="warning" title="Waiting" closeLabel="Close">
              {campaign.hold}
            </Alert>
          ) : null}
          {campaign?.releaseError ? (
            <Alert variant="danger" title="Single-use number not released yet" closeLabel="Close">
              {`${campaign.releaseError} It is retried automatically.`}
            </Alert>
          ) : null}
          {campaign && p && status !== 'draft' ? (
            <Card title="Progress">
              <Flex gap={8} wrap="wrap">
                <Stat label="Recipients" value={p.total || campaign.recipientCount} />
                <Stat label="Queued" value={p.queued + p.sending} />
                <Stat label="Sent" value={p.sent} />
                <Stat label="Delivered" value={p.delivered} />
                <Stat label="Failed" value={p.failedTotal} />
                <Stat label="Opted out" value={p.optedOut} />
                <Stat label="Remaining" value={p.remaining} />
              </Flex>
            </Card>
          ) : null}
          <form id="campaign-form" onSubmit={save} noValidate>
            <Card title="Campaign">
              <Grid.Root gap={5}>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root name="name" error={errors.name} required>
                    <Field.Label>Name</Field.Label>
                    <TextInput value={values.name} disabled={!(editable || lateEditable)} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ name: e.target.value })} />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root name="office" error={errors.office} required hint="Only this office's reusable numbers are offered">
                    <Field.Label>Office</Field.Label>
                    <SingleSelect
                      value={values.office ?? ''}
                      disabled={!editable || Boolean(ownSingleUse)}
                      placeholder="Choose an office"
                      onChange={(v: string | number) => set({ office: String(v), phoneNumber: null })}
                    >
                      {refOptions(offices)}
                    </SingleSelect>
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={12} direction="column" alignItems="stretch">
                  {ownSingleUse || (campaign && !campaign.phoneNumber && campaign.fromNumber) ? (
                    <Flex gap={2}>
                      <Typography fontWeight="bold">{nationalFormat(ownSingleUse?.phoneNumber ?? campaign?.fromNumber ?? '')}</Typography>
                      <Badge>Single use</Badge>
                      {ownSingleUse?.status === 'pending' ? <Badge>Pending activation</Badge> : null}
                      {campaign?.numberReleasedAt ? <Typography textColor="neutral600">{`released ${formatDate(campaign.numberReleasedAt, { dateStyle: 'medium' })}`}</Typography> : null}
                    </Flex>
                  ) : (
                    <Field.Root name="phoneNumber" error={errors.phoneNumber ?? errors.areaCode}>
                      <Field.Label>Number</Field.Label>
                      <Radio.Group
                        aria-label="Number"
                        value={values.numberChoice}
                        disabled={!editable}
                        onValueChange={(v: string) => set({ numberChoice: v as Values['numberChoice'] })}
                      >
                        <Radio.Item value="reusable">One of the office's reusable numbers</Radio.Item>
                        <Radio.Item value="single_use">A new single-use number (bought now, released when the campaign is archived)</Radio.Item>
                      </Radio.Group>
                      <Box paddingTop={3} maxWidth="40rem">
                        {values.numberChoice === 'reusable' ? (
                          <SingleSelect
                            aria-label="Reusable number"
                            value={values.phoneNumber ?? ''}
                            disabled={!editable || !values.office}
                            placeholder={values.office ? 'Choose a number' : 'Choose the office first'}
                            onChange={(v: string | number) => set({ phoneNumber: String(v) })}
                          >
                            {(options.data ?? []).map((n) => {
                              const others = n.campaigns.filter((c) => c.documentId !== campaign?.documentId);
                              return (
                                <SingleSelectOption key={n.documentId} value={n.documentId}>
                                  {`${nationalFormat(n.phoneNumber)} — ${n.name}${n.pending ? ' (pending activation)' : ''}${
                                    others.length ? ` · booked: ${others.map((c) => c.name).join(', ')}` : ''
                                  }`}
                                </SingleSelectOption>
                              );
                            })}
                          </SingleSelect>
                        ) : (
                          <TextInput
                            aria-label="Area code"
                            placeholder="Area code, e.g. 415"
                            value={values.areaCode}
                            maxLength={3}
                            disabled={!editable}
                            onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ areaCode: e.target.value.replace(/\D/g, '') })}
                          />
                        )}
                      </Box>
                      <Field.Error />
                    </Field.Root>
                  )}
                </Grid.Item>
                <Grid.Item col={12} direction="column" alignItems="stretch">
                  <Field.Root name="message" error={errors.message} hint={`"${FOOTER}" is added unless the text already says it.`}>
                    <Field.Label>Message</Field.Label>
                    <Textarea value={values.message} disabled={!editable} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set({ message: e.target.value })} />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                  {footerPreview && footerPreview !== values.message.trim() ? (
                    <Box paddingTop={2}>
                      <Typography variant="pi" textColor="neutral600" style={{ whiteSpace: 'pre-wrap' }}>{`Sent as:\n${footerPreview}`}</Typography>
                    </Box>
                  ) : null}
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root name="sendAt" error={errors.sendAt} hint="Texts go out within the office's texting hours (8:00–21:00 local by default)">
                    <Field.Label>Send at</Field.Label>
                    <DateTimePicker value={values.sendAt} disabled={!editable} onChange={(d?: Date) => set({ sendAt: d ?? null })} clearLabel="Clear" />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root name="archiveAt" error={errors.archiveAt} hint="Then the number follows its own settings again">
                    <Field.Label>Archive at</Field.Label>
                    <DateTimePicker value={values.archiveAt} disabled={!(editable || lateEditable)} onChange={(d?: Date) => set({ archiveAt: d ?? null })} clearLabel="Clear" />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root name="responseType" hint="Who answers replies while the campaign is active">
                    <Field.Label>Replies go to</Field.Label>
                    <SingleSelect value={values.responseType} disabled={!(editable || lateEditable)} onChange={(v: string | number) => set({ responseType: v as ResponseType })}>
                      <SingleSelectOption value="bot">Bot</SingleSelectOption>
                      <SingleSelectOption value="agent">Agent inboxes</SingleSelectOption>
                    </SingleSelect>
                    <Field.Hint />
                  </Field.Root>
                </Grid.Item>
                {values.responseType === 'agent' ? (
                  <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                    <Field.Root name="inboxes" error={errors.inboxes} required>
                      <Field.Label>Inboxes</Field.Label>
                      <InboxesSelect
                        value={values.inboxes}
                        offices={offices}
                        agents={agents}
                        disabled={!(editable || lateEditable)}
                        placeholder="Offices and agents"
                        onChange={(v) => set({ inboxes: v })}
                      />
                      <Field.Error />
                    </Field.Root>
                  </Grid.Item>
                ) : null}
              </Grid.Root>
            </Card>
          </form>
          <Card title={`Recipients${campaign ? ` (${campaign.recipientCount})` : ''}`}>
            <Flex direction="column" alignItems="stretch" gap={4}>
              {report ? <ImportReport report={report} /> : null}
              {editable ? (
                <>
                  <Field.Root name="recipients" error={errors.recipients} hint="One per line: a number in any common format, optionally followed by a comma and a name">
                    <Field.Label>Paste numbers</Field.Label>
                    <Textarea value={paste} placeholder={'(617) 555-0100, Ana Ruiz\n+1 617 555 0101'} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setPaste(e.target.value)} />
                    <Field.Hint />
                    <Field.Error />
                  </Field.Root>
                  {campaign ? (
                    <Flex gap={2}>
                      <Button variant="secondary" disabled={!paste.trim()} loading={busy === 'import'} onClick={() => importRecipients(paste, 'append')}>
                        Add pasted numbers
                      </Button>
                      <Button variant="tertiary" disabled={!paste.trim()} onClick={() => importRecipients(paste, 'replace')}>
                        Replace the list
                      </Button>
                      <RecipientsFileImport<CampaignAnswer> documentId={campaign.documentId} onImported={(answer) => after(answer, 'Recipients imported.')} />
                    </Flex>
                  ) : (
                    <Typography variant="pi" textColor="neutral600">
                      Pasted numbers are added when the campaign is saved; a CSV file can be imported after that.
                    </Typography>
                  )}
                </>
              ) : null}
              {campaign ? <CampaignRecipients documentId={campaign.documentId} version={(campaign as { updatedAt?: string }).updatedAt} /> : null}
            </Flex>
          </Card>
        </Flex>
      </Layouts.Content>
      <Dialog.Root open={confirmArchive} onOpenChange={setConfirmArchive}>
        <ConfirmDialog
          title="Archive this campaign?"
          onConfirm={() => {
            setConfirmArchive(false);
            void act('archive');
          }}
        >
          <Typography textAlign="center">
            Texts not sent yet will not be sent, and replies follow the number's own settings again.
            {ownSingleUse ? ' Its single-use number is released at Plivo.' : ''}
          </Typography>
        </ConfirmDialog>
      </Dialog.Root>
    </Page.Main>
  );
};

/** A campaign's page: create (no id) or edit, with its progress once it runs. */
export const CampaignsEditPage = () => {
  const { documentId } = useParams<{ documentId: string }>();
  const client = useCampaignsClient();
  const { isLoading: rbacLoading, allowedActions } = useRBAC(PERMISSIONS.campaignsManage);
  const { data, error, isLoading } = useQuery(documentId ? `campaign:${documentId}` : null, () => client.get(documentId!));
  const [fresh, setFresh] = React.useState<CampaignDetail | null>(null);
  const [report, setReport] = React.useState<RecipientImportReport | null>(null);
  const campaign = fresh && fresh.documentId === documentId ? fresh : (data ?? null);

  if (rbacLoading || (documentId && isLoading && !data)) return <Page.Loading />;
  if (!documentId && !allowedActions.canManage) return <Page.NoPermissions />;
  if (documentId && error) return <Page.Error />;
  return (
    <CampaignForm
      key={campaign?.documentId ?? 'new'}
      campaign={campaign}
      canManage={Boolean(allowedActions.canManage)}
      reload={setFresh}
      report={report}
      setReport={setReport}
    />
  );
};
