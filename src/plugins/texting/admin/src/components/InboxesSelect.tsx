import { MultiSelect, MultiSelectGroup, MultiSelectOption, SingleSelectOption } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Named } from '../../../shared/contracts';
import { getTranslation } from '../utils/getTranslation';

/** The options of a single select over offices or agents (value: documentId, label: name). */
export const refOptions = (refs: Named[]) =>
  refs.map((r) => (
    <SingleSelectOption key={r.documentId} value={r.documentId}>
      {r.name}
    </SingleSelectOption>
  ));

interface InboxesSelectProps {
  /** `office:<documentId>` / `agent:<documentId>` values. */
  value: string[];
  offices: Named[];
  agents: Named[];
  placeholder: string;
  disabled?: boolean;
  onChange: (value: string[]) => void;
  onClear?: () => void;
}

/** Inboxes that receive texts: offices and agents in one multi-select, grouped. */
export const InboxesSelect = ({ value, offices, agents, placeholder, disabled, onChange, onClear }: InboxesSelectProps) => {
  const { formatMessage } = useIntl();
  const groups = [
    { kind: 'office', refs: offices, label: formatMessage({ id: getTranslation('inboxes.offices'), defaultMessage: 'Offices' }) },
    { kind: 'agent', refs: agents, label: formatMessage({ id: getTranslation('inboxes.agents'), defaultMessage: 'Agents' }) },
  ];
  return (
    <MultiSelect placeholder={placeholder} value={value} disabled={disabled} withTags onClear={onClear} onChange={onChange}>
      {groups.map(({ kind, refs, label }) => (
        <MultiSelectGroup key={kind} label={label} values={refs.map((r) => `${kind}:${r.documentId}`)}>
          {refs.map((r) => (
            <MultiSelectOption key={r.documentId} value={`${kind}:${r.documentId}`}>
              {r.name}
            </MultiSelectOption>
          ))}
        </MultiSelectGroup>
      ))}
    </MultiSelect>
  );
};

/** The select's `office:<id>` / `agent:<id>` values as a request names them. */
export const inboxIdsOf = (values: string[]) => {
  const pick = (kind: string) => values.filter((i) => i.startsWith(`${kind}:`)).map((i) => i.slice(kind.length + 1));
  return { offices: pick('office'), agents: pick('agent') };
};

/** Named inboxes as the select's values. */
export const inboxValuesOf = (inboxes: { offices: Named[]; agents: Named[] }) => [
  ...inboxes.offices.map((o) => `office:${o.documentId}`),
  ...inboxes.agents.map((a) => `agent:${a.documentId}`),
];
