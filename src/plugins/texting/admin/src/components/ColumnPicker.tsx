import { Checkbox, Flex, IconButton, Popover, TextButton, Typography } from '@strapi/design-system';
import { Cog } from '@strapi/icons';
import { useAuth } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';
import { getTranslation } from '../utils/getTranslation';

/**
 * The columns a user shows on a list, kept per user in localStorage (as the Content Manager keeps its list's
 * displayed fields): `list` names the list, `all` is every column in the table's order, `defaults` those shown
 * until the user picks. A stored choice is read against `all`, so a column removed from the page drops out.
 */
export function useShownColumns(list: string, all: readonly string[], defaults: readonly string[]) {
  const userId = useAuth('useShownColumns', (state) => state.user?.id);
  const key = `strapi-texting:${list}:columns:${userId ?? 'anonymous'}`;
  const read = React.useCallback((): string[] => {
    try {
      const stored = JSON.parse(window.localStorage.getItem(key) ?? 'null') as unknown;
      if (Array.isArray(stored)) return all.filter((c) => stored.includes(c));
    } catch {
      // Unreadable or blocked storage: the defaults.
    }
    return [...defaults];
  }, [key, all, defaults]);
  const [shown, setShownState] = React.useState<string[]>(read);
  React.useEffect(() => setShownState(read()), [read]);

  const setShown = (next: string[]) => {
    const ordered = all.filter((c) => next.includes(c));
    setShownState(ordered);
    try {
      window.localStorage.setItem(key, JSON.stringify(ordered));
    } catch {
      // The choice then lasts for this page only.
    }
  };
  const reset = () => {
    setShownState([...defaults]);
    try {
      window.localStorage.removeItem(key);
    } catch {
      // Nothing stored.
    }
  };
  return { shown, setShown, reset };
}

interface Props {
  /** The columns the user may show or hide, with their labels, in the table's order. */
  columns: Array<{ name: string; label: string }>;
  shown: string[];
  setShown: (next: string[]) => void;
  reset: () => void;
}

/** "View settings": the Content Manager list's field picker, for a plugin list (a popover of checkboxes and Reset). */
export const ColumnPicker = ({ columns, shown, setShown, reset }: Props) => {
  const { formatMessage } = useIntl();
  const toggle = (name: string) => setShown(shown.includes(name) ? shown.filter((c) => c !== name) : [...shown, name]);
  return (
    <Popover.Root>
      <Popover.Trigger>
        <IconButton label={formatMessage({ id: getTranslation('columns.settings'), defaultMessage: 'View settings' })} data-testid="column-picker">
          <Cog />
        </IconButton>
      </Popover.Trigger>
      <Popover.Content side="bottom" align="end" sideOffset={4}>
        <Flex tag="fieldset" direction="column" alignItems="stretch" gap={1} borderWidth={0} padding={3} maxHeight="320px" overflow="auto">
          <Flex justifyContent="space-between" gap={2}>
            <Typography tag="legend" variant="pi" fontWeight="bold">
              {formatMessage({ id: getTranslation('columns.displayed'), defaultMessage: 'Displayed columns' })}
            </Typography>
            <TextButton onClick={reset}>{formatMessage({ id: getTranslation('columns.reset'), defaultMessage: 'Reset' })}</TextButton>
          </Flex>
          <Flex direction="column" alignItems="stretch">
            {columns.map((c) => {
              const active = shown.includes(c.name);
              return (
                <Flex key={c.name} gap={2} background={active ? 'primary100' : 'transparent'} hasRadius padding={2} marginBottom={1}>
                  <Checkbox onCheckedChange={() => toggle(c.name)} checked={active} name={c.name}>
                    <Typography fontSize={1}>{c.label}</Typography>
                  </Checkbox>
                </Flex>
              );
            })}
          </Flex>
        </Flex>
      </Popover.Content>
    </Popover.Root>
  );
};
