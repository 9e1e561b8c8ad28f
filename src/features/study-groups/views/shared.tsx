import type { ComponentChildren } from 'preact';
import { renderMarkdown } from '../../../platform/content/markdown.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import {
  countryName,
  formatDate,
  formatDateTime,
  type Localized,
  type Picked,
  pick,
} from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../../platform/i18n/locales.ts';
import {
  Button,
  ErrorSummary,
  fieldId,
  Form,
  Link,
  LocalizedText,
  Notice,
  TextArea,
  TextField,
} from '../../../views/components.tsx';
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

/** The notice after a redirect (`?notice=`) and the refusal to explain (`?problem=`) of a page. */
export function PageNotices(props: {
  feature: 'proposals' | 'studyGroups';
  notice?: string | null;
  problem?: string | null;
}) {
  const { t } = useCtx();
  return (
    <>
      {props.notice && <Notice>{t(`${props.feature}.notice.${props.notice}`)}</Notice>}
      {props.problem && <Notice kind="warning">{t(`${props.feature}.error.${props.problem}`)}</Notice>}
    </>
  );
}

/** The priority theme in a page's facts (`dl.doc-meta`), linked to the theme's page. */
export function ThemeFact({
  label,
  theme,
}: {
  label: string;
  theme: { code: string; name: string; orig_locale: string } | null;
}) {
  const { locale } = useCtx();
  if (!theme) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <Link href={`/themes/${theme.code}`}>{themeLabel(theme, locale)}</Link>
      </dd>
    </>
  );
}

/** A Markdown message written in one language: a comment on a proposal, a post in a thread. */
export interface DiscussionMessage {
  id: number;
  user_id: number;
  user_name: string;
  user_country: string | null;
  body: string;
  locale: string;
  created_at: string;
}

/**
 * Messages in the order they were written, each with its author, country and time, and a
 * button to remove it where `removeAction` gives one. Each message is an anchor (`#post-12`).
 */
export function MessageList<M extends DiscussionMessage>(props: {
  messages: M[];
  anchor: 'comment' | 'post';
  /** The date alone, or the date and time in the reader's time zone. */
  time: 'date' | 'dateTime';
  removeAction: (m: M) => string | null;
  removeLabel: string;
}) {
  const { locale, actor } = useCtx();
  return (
    <ol class="plain-list sg-posts">
      {props.messages.map((m) => {
        const remove = props.removeAction(m);
        return (
          <li key={m.id} id={`${props.anchor}-${m.id}`}>
            <p class="meta">
              <strong>{m.user_name}</strong>
              {m.user_country && ` (${countryName(m.user_country, locale)})`} ·{' '}
              <time dateTime={m.created_at}>
                {props.time === 'date'
                  ? formatDate(m.created_at, locale)
                  : formatDateTime(m.created_at, locale, actor?.timezone ?? 'UTC')}
              </time>
            </p>
            <MarkdownText text={m.body} lang={m.locale} />
            {remove && <ActionButton action={remove} label={props.removeLabel} variant="secondary" />}
          </li>
        );
      })}
    </ol>
  );
}

/** The form that adds a message (a comment, a reply) to a discussion. */
export function MessageForm(props: {
  action: string;
  label: string;
  hint: string;
  rows: number;
  value: string;
  submit: string;
  errors?: FieldError[];
}) {
  return (
    <Form action={props.action}>
      <ErrorSummary errors={props.errors} />
      <TextArea
        name="body"
        label={props.label}
        hint={props.hint}
        rows={props.rows}
        value={props.value}
        errors={props.errors}
      />
      <Button>{props.submit}</Button>
    </Form>
  );
}

/** The items of a priority theme listed on the theme's page, with a link to all of them. */
export function ThemeItems<Row extends { id: number; title: string; orig_locale: string }>(props: {
  heading: string;
  rows: Row[];
  href: (row: Row) => string;
  /** What follows the title (a status badge …). */
  after: (row: Row) => ComponentChildren;
  total: number;
  all: { href: string; label: string };
}) {
  const { locale } = useCtx();
  return (
    <>
      <h2>{props.heading}</h2>
      <ul>
        {props.rows.map((row) => (
          <li key={row.id}>
            <Link href={props.href(row)}>
              <LocalizedText picked={pick(row.title, locale, row.orig_locale)} />
            </Link>{' '}
            {props.after(row)}
          </li>
        ))}
      </ul>
      {props.total > props.rows.length && (
        <p>
          <Link href={props.all.href}>{props.all.label}</Link>
        </p>
      )}
    </>
  );
}
