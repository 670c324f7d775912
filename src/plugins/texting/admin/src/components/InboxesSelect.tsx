import { MultiSelect, MultiSelectGroup, MultiSelectOption, SingleSelectOption } from '@strapi/design-system';
import type { Ref } from '../api/client';

/** The options of a single select over offices or agents (value: documentId, label: name). */
export const refOptions = (refs: Ref[]) =>
  refs.map((r) => (
    <SingleSelectOption key={r.documentId} value={r.documentId}>
      {r.name}
    </SingleSelectOption>
  ));

interface InboxesSelectProps {
  /** `office:<documentId>` / `agent:<documentId>` values. */
  value: string[];
  offices: Ref[];
  agents: Ref[];
  placeholder: string;
  disabled?: boolean;
  onChange: (value: string[]) => void;
  onClear?: () => void;
}

/** Inboxes that receive texts: offices and agents in one multi-select, grouped. */
export const InboxesSelect = ({ value, offices, agents, placeholder, disabled, onChange, onClear }: InboxesSelectProps) => (
  <MultiSelect placeholder={placeholder} value={value} disabled={disabled} withTags onClear={onClear} onChange={onChange}>
    <MultiSelectGroup label="Offices" values={offices.map((o) => `office:${o.documentId}`)}>
      {offices.map((o) => (
        <MultiSelectOption key={o.documentId} value={`office:${o.documentId}`}>
          {o.name}
        </MultiSelectOption>
      ))}
    </MultiSelectGroup>
    <MultiSelectGroup label="Agents" values={agents.map((a) => `agent:${a.documentId}`)}>
      {agents.map((a) => (
        <MultiSelectOption key={a.documentId} value={`agent:${a.documentId}`}>
          {a.name}
        </MultiSelectOption>
      ))}
    </MultiSelectGroup>
  </MultiSelect>
);
