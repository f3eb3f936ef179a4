import { useState, type ChangeEvent, type FormEvent } from 'react';

type TextElement = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * useForm keeps a form's text values and checks them as the user types. A field's problem shows
 * once the field has a value, and on every field once the user has tried to submit.
 */
export function useForm<Values extends Record<string, string>>(
  initial: Values,
  rules: { [Name in keyof Values]?: (value: string, values: Values) => string | null },
) {
  const [values, setValues] = useState(initial);
  const [attempted, setAttempted] = useState(false);

  const problemOf = (name: keyof Values) => rules[name]?.(values[name], values) ?? null;
  const valid = Object.keys(values).every((name) => problemOf(name) === null);
  const set = (name: keyof Values, value: string) => setValues((current) => ({ ...current, [name]: value }));

  return {
    values,
    valid,
    /** attempted says whether the user has tried to submit since the form started. */
    attempted,
    set,
    problemOf,
    /** changed lists the fields whose value differs from the one the form started with. */
    changed: (Object.keys(values) as (keyof Values)[]).filter((name) => values[name] !== initial[name]),
    /** field gives the props a text input needs: value, onChange and the error to show. */
    field: (name: keyof Values) => ({
      value: values[name],
      onChange: (event: ChangeEvent<TextElement>) => set(name, event.currentTarget.value),
      error: attempted || values[name] !== '' ? problemOf(name) : null,
    }),
    /** choice gives the props a select needs; its value can be changed but not cleared. */
    choice: (name: keyof Values) => ({
      value: values[name],
      onChange: (value: string | null) => {
        if (value !== null) set(name, value);
      },
      allowDeselect: false,
    }),
    /** onSubmit runs the action only when every field passes. */
    onSubmit: (action: (values: Values) => void) => (event: FormEvent) => {
      event.preventDefault();
      setAttempted(true);
      if (valid) action(values);
    },
    reset: () => {
      setValues(initial);
      setAttempted(false);
    },
  };
}
