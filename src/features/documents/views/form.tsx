import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, type Localized, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, LOCALES } from '../../../platform/i18n/locales.ts';
import {
  Button,
  ErrorSummary,
  Form,
  fieldId,
  Link,
  Select,
  TextArea,
  TextField,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { countryOptions } from '../../../views/lists.tsx';
import { LanguageSelect, LocalizedFieldset } from '../../../views/localized-fields.tsx';
import { ACCESS_LEVELS, DOC_TYPES, SECTIONS, STATUSES } from '../model.ts';

/** What the form shows: the values typed so far (or the document's). */
export interface DocumentFormValues {
  title: Localized;
  summary: Localized;
  origLocale: string;
  docType: string;
  section: string;
  themes: string[];
  countryIso3: string | null;
  institutionId: number | null;
  authors: string;
  publicationDate: string;
  keywords: string;
  externalUrl: string;
  access: string;
  status: string;
}

export const ACCEPT = '.pdf,.docx,.xlsx,.pptx,.odt,.txt,.md,.html,.htm';

export function FileField({ errors, required }: { errors?: FieldError[]; required?: boolean }) {
  const { t } = useCtx();
  const err = errors?.find((e) => e.field === 'files');
  const id = fieldId('files');
  return (
    <div class={err ? 'field field--error' : 'field'}>
      <label for={id}>{t('documents.field.files')}</label>
      <p class="hint" id={`${id}-hint`}>
        {t('documents.field.filesHint')}
      </p>
      {err && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">{t('form.errorPrefix')} </span>
          {t(err.key, err.values)}
        </p>
      )}
      <input
        id={id}
        name="files"
        type="file"
        multiple
        accept={ACCEPT}
        required={required}
        class="input"
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
      <div class="upload-progress" data-upload-progress hidden>
        <label>
          {t('documents.upload.progress')} <progress max={100} value={0} />
        </label>
        <span class="upload-progress__pct" aria-live="polite" />
      </div>
      <p class="field-error" data-upload-error hidden>
        {t('documents.upload.failed')}
      </p>
    </div>
  );
}

export function DocumentFormPage(props: {
  mode: 'new' | 'edit';
  action: string;
  values: DocumentFormValues;
  errors?: FieldError[];
  themes: { code: string; name: string; orig_locale: string }[];
  /** The Secretariat chooses the country; others publish for their own. */
  countries: string[] | null;
  /** Coordinators (and the Secretariat) choose the institution; editors publish for their own. */
  institutions: { id: number; name: string; acronym: string | null; can_publish: number }[] | null;
  fixedInstitution: string | null;
  fixedCountry: string | null;
}) {
  const { t, locale } = useCtx();
  const v = props.values;
  const e = props.errors;
  const title = props.mode === 'new' ? t('documents.new.title') : t('documents.edit.title');
  const themeErr = e?.find((x) => x.field === 'themes');
  return (
    <Layout title={title} help="/help/user-manual-documents" island="upload" hasErrors={!!e?.length}>
      <p class="breadcrumbs">
        <Link href="/documents">{t('documents.title')}</Link>
      </p>
      <h1>{title}</h1>
      <Form
        action={props.action}
        multipart={props.mode === 'new'}
        data-upload={props.mode === 'new' ? '' : undefined}
      >
        <ErrorSummary errors={e} />
        <LanguageSelect
          name="orig_locale"
          label={t('documents.field.origLocale')}
          hint={t('documents.field.origLocaleHint')}
          value={v.origLocale}
          errors={e}
        />
        <LocalizedFieldset
          name="title"
          legend={t('documents.field.title')}
          hint={t('documents.field.titleHint')}
          values={v.title}
          errors={e}
          maxLength={300}
        />
        <LocalizedFieldset
          name="summary"
          legend={t('documents.field.summary')}
          hint={t('documents.field.summaryHint')}
          values={v.summary}
          errors={e}
          rows={4}
        />
        <Select
          name="doc_type"
          label={t('documents.field.type')}
          value={v.docType}
          empty=""
          options={DOC_TYPES.map((d) => ({ value: d, label: t(`documents.type.${d}`) }))}
          errors={e}
        />
        <Select
          name="section"
          label={t('documents.field.section')}
          value={v.section}
          empty=""
          options={SECTIONS.map((s) => ({ value: s, label: t(`documents.section.${s}`) }))}
          errors={e}
        />
        <fieldset id={fieldId('themes')} class={themeErr ? 'field field--error' : 'field'}>
          <legend>{t('documents.field.themes')}</legend>
          {themeErr && <p class="field-error">{t(themeErr.key, themeErr.values)}</p>}
          <input type="hidden" name="themes_present" value="1" />
          <div class="checkbox-columns">
            {props.themes.map((th) => (
              <div class="checkbox" key={th.code}>
                <input
                  type="checkbox"
                  id={`theme-${th.code}`}
                  name="themes"
                  value={th.code}
                  checked={v.themes.includes(th.code)}
                />
                <label for={`theme-${th.code}`}>{pick(th.name, locale, th.orig_locale).text}</label>
              </div>
            ))}
          </div>
        </fieldset>
        {props.countries ? (
          <Select
            name="country_iso3"
            label={t('documents.field.country')}
            hint={t('documents.field.countryHint')}
            value={v.countryIso3 ?? ''}
            empty={t('documents.regional')}
            options={countryOptions(props.countries, locale)}
            errors={e}
          />
        ) : (
          props.fixedCountry && (
            <p>
              <strong>{t('documents.field.country')}:</strong> {countryName(props.fixedCountry, locale)}
            </p>
          )
        )}
        {props.institutions ? (
          <Select
            name="institution_id"
            label={t('documents.field.institution')}
            value={v.institutionId === null ? '' : String(v.institutionId)}
            empty={t('documents.field.noInstitution')}
            options={props.institutions.map((i) => ({
              value: String(i.id),
              label: `${i.name}${i.acronym ? ` (${i.acronym})` : ''}${i.can_publish ? '' : ` — ${t('documents.field.mayNotPublish')}`}`,
            }))}
            errors={e}
          />
        ) : (
          props.fixedInstitution && (
            <p>
              <strong>{t('documents.field.institution')}:</strong> {props.fixedInstitution}
            </p>
          )
        )}
        <TextField
          name="authors"
          label={t('documents.field.authors')}
          hint={t('documents.field.authorsHint')}
          value={v.authors}
          errors={e}
        />
        <TextField
          name="publication_date"
          type="date"
          width="short"
          label={t('documents.field.publicationDate')}
          hint={t('documents.field.dateHint')}
          value={v.publicationDate}
          errors={e}
        />
        <TextField
          name="keywords"
          label={t('documents.field.keywords')}
          hint={t('documents.field.keywordsHint')}
          value={v.keywords}
          errors={e}
        />
        <TextField
          name="external_url"
          type="url"
          label={t('documents.field.externalUrl')}
          hint={t('documents.field.externalUrlHint')}
          value={v.externalUrl}
          errors={e}
        />
        {props.mode === 'new' && <FileField errors={e} />}
        <Select
          name="access"
          label={t('documents.field.access')}
          value={v.access}
          options={ACCESS_LEVELS.map((a) => ({ value: a, label: t(`documents.accessOption.${a}`) }))}
          errors={e}
        />
        <Select
          name="status"
          label={t('documents.field.status')}
          hint={t('documents.field.statusHint')}
          value={v.status}
          options={STATUSES.map((s) => ({ value: s, label: t(`documents.status.${s}`) }))}
          errors={e}
        />
        <Button>{props.mode === 'new' ? t('documents.new.submit') : t('form.save')}</Button>
      </Form>
    </Layout>
  );
}

export function SectionIntroPage(props: {
  section: string;
  intro: Localized;
  origLocale: string;
  errors?: FieldError[];
}) {
  const { t } = useCtx();
  const name = t(`documents.section.${props.section}`);
  return (
    <Layout title={t('documents.sectionEdit.title', { section: name })} hasErrors={!!props.errors?.length}>
      <p class="breadcrumbs">
        <Link href={`/documents/sections/${props.section}`}>{name}</Link>
      </p>
      <h1>{t('documents.sectionEdit.title', { section: name })}</h1>
      <Form action={`/documents/sections/${props.section}/edit`}>
        <ErrorSummary errors={props.errors} />
        <LanguageSelect
          name="orig_locale"
          label={t('documents.field.origLocale')}
          value={props.origLocale}
          errors={props.errors}
        />
        {LOCALES.map((l) => (
          <TextArea
            key={l}
            name={`intro_${l}`}
            label={LOCALE_NAMES[l]}
            hint={t('documents.field.summaryHint')}
            value={props.intro[l]}
            errors={props.errors}
            rows={6}
          />
        ))}
        <Button>{t('form.save')}</Button>
      </Form>
    </Layout>
  );
}
