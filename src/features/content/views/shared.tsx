import { LanguageSelect } from '../../../views/localized-fields.tsx';
import { renderMarkdown } from '../../../platform/content/markdown.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import { type Localized, parseLocalized, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../../platform/i18n/locales.ts';
import { Link, Notice, TextArea, TextField } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';

/** Raw form values, as typed (re-shown after an error or a preview). */
export type FormValues = Record<string, string>;

/** Sanitised Markdown as a block of prose. */
export function Markdown({
  md,
  lang,
  minHeadingLevel,
}: {
  md: string;
  lang?: string;
  minHeadingLevel?: number;
}) {
  // renderMarkdown keeps only an allow-list of tags and safe links: this is the one place
  // where HTML from content reaches a page.
  return (
    <div
      class="prose"
      lang={lang}
      dangerouslySetInnerHTML={{ __html: renderMarkdown(md, { minHeadingLevel }) }}
    />
  );
}

/** Translatable Markdown: the reader's language, or the original with a visible note. */
export function LocalizedMarkdown({
  value,
  orig,
  minHeadingLevel,
}: {
  value: string | Localized;
  orig: string;
  minHeadingLevel?: number;
}) {
  const { t, locale } = useCtx();
  const picked = pick(value, locale, orig);
  return (
    <>
      {picked.fallback && (
        <p class="fallback-notice">
          {t('content.bodyFallback', {
            language: LOCALE_NAMES[locale],
            original: LOCALE_NAMES[picked.lang as Locale],
          })}
        </p>
      )}
      <Markdown
        md={picked.text}
        lang={picked.fallback ? picked.lang : undefined}
        minHeadingLevel={minHeadingLevel}
      />
    </>
  );
}

export interface LocalizedField {
  /** Base field name: the inputs are `<name>_en`, `<name>_es`… */
  name: string;
  label: string;
  multiline?: boolean;
  rows?: number;
  hint?: string;
}

/** One labelled group of fields per language (tabs would need JavaScript). */
export function LocalizedFieldsets(props: {
  fields: LocalizedField[];
  values: FormValues;
  errors?: FieldError[];
}) {
  const { t } = useCtx();
  return (
    <>
      {LOCALES.map((l) => (
        <fieldset key={l} class="lang-fieldset">
          <legend>{t('content.form.languageSection', { language: LOCALE_NAMES[l] })}</legend>
          {props.fields.map((f) =>
            f.multiline ? (
              <TextArea
                key={f.name}
                name={`${f.name}_${l}`}
                label={`${f.label} (${LOCALE_NAMES[l]})`}
                hint={f.hint}
                rows={f.rows ?? 12}
                value={props.values[`${f.name}_${l}`]}
                errors={props.errors}
              />
            ) : (
              <TextField
                key={f.name}
                name={`${f.name}_${l}`}
                label={`${f.label} (${LOCALE_NAMES[l]})`}
                hint={f.hint}
                value={props.values[`${f.name}_${l}`]}
                errors={props.errors}
              />
            ),
          )}
        </fieldset>
      ))}
    </>
  );
}

export function OrigLocaleSelect({ values, errors }: { values: FormValues; errors?: FieldError[] }) {
  const { t } = useCtx();
  return (
    <LanguageSelect
      name="orig_locale"
      label={t('content.form.origLocale')}
      hint={t('content.form.origLocaleHint')}
      value={values.orig_locale || 'en'}
      errors={errors}
    />
  );
}

/** The texts of a record: the language they were written in, then one group of fields per language. */
export function TranslatableFields(props: {
  fields: LocalizedField[];
  values: FormValues;
  errors?: FieldError[];
  /** The texts are Markdown: say so above them. */
  markdown?: boolean;
}) {
  return (
    <>
      <OrigLocaleSelect values={props.values} errors={props.errors} />
      {props.markdown && <MarkdownHint />}
      <LocalizedFieldsets fields={props.fields} values={props.values} errors={props.errors} />
    </>
  );
}

/** The rendered Markdown of each language that has text, as the reader will see it. */
export function PreviewPanel({
  values,
  titleField,
  bodyField,
}: {
  values: FormValues;
  titleField: string;
  bodyField: string;
}) {
  const { t, locale } = useCtx();
  const langs = LOCALES.filter(
    (l) => values[`${bodyField}_${l}`]?.trim() || values[`${titleField}_${l}`]?.trim(),
  );
  return (
    <section class="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('content.form.previewHeading')}</h2>
      <Notice kind="info">{t('content.form.previewNotSaved')}</Notice>
      {langs.length === 0 && <p>{t('content.form.previewEmpty')}</p>}
      {langs.map((l) => (
        <article key={l} class="preview-lang" lang={l}>
          <p class="meta" lang={locale}>
            {LOCALE_NAMES[l]}
          </p>
          <h3>{values[`${titleField}_${l}`]}</h3>
          <Markdown md={values[`${bodyField}_${l}`] ?? ''} />
        </article>
      ))}
    </section>
  );
}

/** Form values of a translatable field stored as JSON. */
export function localizedValues(name: string, json: string): FormValues {
  const v = parseLocalized(json);
  const out: FormValues = {};
  for (const l of LOCALES) out[`${name}_${l}`] = v[l] ?? '';
  return out;
}

export function MarkdownHint() {
  const { t } = useCtx();
  return <p class="hint">{t('content.form.markdownHint')}</p>;
}

/** A small "Manage site content" line shown to the Secretariat on public pages. */
export function ManageLink({ href, label }: { href: string; label: string }) {
  return (
    <p class="manage-link no-print">
      <Link href={href}>{label}</Link>
    </p>
  );
}
