import { NativeSelect, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useState } from 'react';
import { humanize } from './tone';

/** SearchBox lets the user type search text; the list follows once typing pauses. */
export function SearchBox({ label, value, onSearch, placeholder }: { label: string; value: string; onSearch: (text: string) => void; placeholder?: string }) {
  const [text, setText] = useState(value);
  const [settled] = useDebouncedValue(text, 300);
  useEffect(() => {
    onSearch(settled.trim());
    // Only a settled change of the text searches; onSearch is a new function on every render.
  }, [settled]);
  return <TextInput type="search" label={label} placeholder={placeholder} value={text} onChange={(event) => setText(event.currentTarget.value)} />;
}

/** FilterSelect narrows a list to one value of a field, or shows all. */
export function FilterSelect({
  label,
  value,
  options,
  onChange,
  format = humanize,
}: {
  label: string;
  value: string;
  options: readonly string[];
  onChange: (value: string) => void;
  format?: (option: string) => string;
}) {
  return (
    <NativeSelect
      label={label}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={[{ value: '', label: 'All' }, ...options.map((option) => ({ value: option, label: format(option) }))]}
    />
  );
}
