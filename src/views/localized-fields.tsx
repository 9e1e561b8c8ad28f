/**
 * Form fields of translatable content (`{"en": …, "es": …}` with an original language): the
 * choice of the original language, and one text per language of the site.
 */
import type { FieldError } from '../platform/http/errors.ts';
import type { Localized } from '../platform/i18n/format.ts';
import { LOCALE_NAMES, LOCALES, type Locale } from '../platform/i18n/locales.ts';
import { Select, TextArea, TextField } from './components.tsx';

/** The language a text was written in, among the languages of the site. */
export function LanguageSelect(props: {
  name: string;
  label: string;
  value: string;
  hint?: string;
  errors?: FieldError[];
}) {
  return (
    <Select
      name={props.name}
      label={props.label}
      hint={props.hint}
      value={props.value}
      errors={props.errors}
      options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
    />
  );
}

/**
 * One field in every language, all shown at once: `name_en`, `name_es` … labelled by their
 * language under a legend naming the field. A text box, or a text area when `rows` is given
 * (a number, or one per language, e.g. a larger box for the original language).
 */
export function LocalizedFieldset(props: {
  name: string;
  legend: string;
  hint: string;
  values: Localized;
  errors?: FieldError[];
  maxLength?: number;
  rows?: number | ((locale: Locale) => number);
}) {
  const { name, values, errors, rows } = props;
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <p class="hint">{props.hint}</p>
      {LOCALES.map((l) =>
        rows === undefined ? (
          <TextField
            key={l}
            name={`${name}_${l}`}
            label={LOCALE_NAMES[l]}
            value={values[l]}
            errors={errors}
            maxLength={props.maxLength}
          />
        ) : (
          <TextArea
            key={l}
            name={`${name}_${l}`}
            label={LOCALE_NAMES[l]}
            value={values[l]}
            errors={errors}
            rows={typeof rows === 'number' ? rows : rows(l)}
          />
        ),
      )}
    </fieldset>
  );
}
