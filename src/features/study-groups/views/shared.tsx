import type { ComponentChildren } from 'preact';
import { renderMarkdown } from '../../../platform/content/markdown.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import { type Localized, type Picked, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../../platform/i18n/locales.ts';
import { Button, fieldId, Form, TextArea, TextField } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { FilterBar, type FilterSelect } from '../../../views/lists.tsx';

/** Shared pieces of the proposals and study-group pages. */

/** User Markdown, sanitised, marked with its language (and a note when it is not the page's). */
export function MarkdownBlock({ picked }: { picked: Picked }) {
  const { t, locale } = useCtx();
  if (!picked.text) return null;
  return (
    <div class="sg-markdown" lang={picked.lang !== locale ? picked.lang : undefined}>
      {picked.fallback && (
        <p class="fallback-note" lang={locale}>
          {t('content.originalLanguage', { language: LOCALE_NAMES[picked.lang as Locale] })}
        </p>
      )}
      <div dangerouslySetInnerHTML={{ __html: renderMarkdown(picked.text) }} />
    </div>
  );
}

/** A post or comment written in one language. */
export function MarkdownText({ text, lang }: { text: string; lang: string }) {
  const { locale } = useCtx();
  return (
    <div
      class="sg-markdown"
      lang={lang !== locale ? lang : undefined}
      dangerouslySetInnerHTML={{ __html: renderMarkdown(text) }}
    />
  );
}

export function themeLabel(
  theme: { name: string | null; orig_locale: string | null } | null | undefined,
  locale: Locale,
): string {
  if (!theme?.name) return '';
  return pick(theme.name, locale, theme.orig_locale ?? 'en').text;
}

/** The list filters of the study-group and proposal pages (see `FilterBar`). */
export function ListFilters(props: { action: string; label: string; selects: FilterSelect[] }) {
  const { t } = useCtx();
  return (
    <FilterBar {...props} anyLabel={t('studyGroups.filter.any')} applyLabel={t('studyGroups.filter.apply')} />
  );
}

/**
 * Per-language fields of a translatable text: the original language first (required), the
 * others in a disclosure that opens when one of them holds a value or an error.
 */
export function LanguageFields(props: {
  origLocale: string;
  fields: {
    name: string;
    label: string;
    multiline?: boolean;
    rows?: number;
    values: Localized;
    hint?: string;
  }[];
  errors?: FieldError[];
  translationsLabel: string;
}) {
  const { t } = useCtx();
  const orig = (LOCALES as readonly string[]).includes(props.origLocale)
    ? (props.origLocale as Locale)
    : 'en';
  const others = LOCALES.filter((l) => l !== orig);
  const open = others.some(
    (l) =>
      props.fields.some((f) => f.values[l]) ||
      props.errors?.some((e) => props.fields.some((f) => e.field === `${f.name}_${l}`)),
  );
  const fieldsFor = (l: Locale) =>
    props.fields.map((f) =>
      f.multiline ? (
        <TextArea
          key={`${f.name}_${l}`}
          name={`${f.name}_${l}`}
          label={t('studyGroups.field.inLanguage', { field: f.label, language: LOCALE_NAMES[l] })}
          hint={f.hint}
          rows={f.rows ?? 8}
          value={f.values[l] ?? ''}
          errors={props.errors}
        />
      ) : (
        <TextField
          key={`${f.name}_${l}`}
          name={`${f.name}_${l}`}
          label={t('studyGroups.field.inLanguage', { field: f.label, language: LOCALE_NAMES[l] })}
          value={f.values[l] ?? ''}
          errors={props.errors}
        />
      ),
    );
  return (
    <>
      <fieldset class="sg-lang">
        <legend>{LOCALE_NAMES[orig]}</legend>
        {fieldsFor(orig)}
      </fieldset>
      <details class="sg-translations" open={open}>
        <summary>{props.translationsLabel}</summary>
        {others.map((l) => (
          <fieldset class="sg-lang" key={l} lang={l}>
            <legend>{LOCALE_NAMES[l]}</legend>
            {fieldsFor(l)}
          </fieldset>
        ))}
      </details>
    </>
  );
}

/** A one-button POST form (join, leave, support, approve …). */
export function ActionButton(props: {
  action: string;
  label: string;
  variant?: 'primary' | 'secondary' | 'danger';
  children?: ComponentChildren;
}) {
  return (
    <Form action={props.action} class="sg-inline-form">
      {props.children}
      <Button variant={props.variant ?? 'primary'}>{props.label}</Button>
    </Form>
  );
}

export { fieldId };
