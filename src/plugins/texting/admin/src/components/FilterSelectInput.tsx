import { SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useField, type Filters } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

/**
 * The value picker of the Filters popover for our option filters (office, agent, type, number type).
 * Being a custom `input`, it also makes the filter tags show the option's label (an office's name)
 * instead of the raw value (its documentId).
 */
export const FilterSelectInput = ({ name, options = [], ...props }: Filters.ValueInputProps) => {
  const { formatMessage } = useIntl();
  const field = useField<string>(name);
  return (
    <SingleSelect
      aria-label={props['aria-label']}
      placeholder={formatMessage({ id: getTranslation('list.filters.selectValue'), defaultMessage: 'Select a value' })}
      size="M"
      value={field.value ?? ''}
      onChange={(value: string | number) => field.onChange(name, String(value))}
    >
      {options.map((o) => {
        const opt = typeof o === 'string' ? { value: o, label: o } : o;
        return (
          <SingleSelectOption key={opt.value} value={opt.value}>
            {opt.label ?? opt.value}
          </SingleSelectOption>
        );
      })}
    </SingleSelect>
  );
};
