import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, type Localized } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, type Locale } from '../../../platform/i18n/locales.ts';
import { Button, ErrorSummary, Form, fieldId, Link, Select, TextField } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { countryOptions } from '../../../views/lists.tsx';
import { LanguageSelect, LocalizedFieldset } from '../../../views/localized-fields.tsx';
import { COST_SHARING, type Kind, LANGUAGES, MODALITIES } from '../model.ts';
import { HELP } from './registry.tsx';
import { type ThemeOption, themeName } from './shared.tsx';

/** What the form shows: the values typed so far, or the item's. */
export interface ItemFormValues {
  countryIso3: string;
  institutionId: string;
  title: Localized;
  description: Localized;
  origLocale: string;
  themes: string[];
  modality: string;
  languages: string[];
  otherLanguages: string;
  duration: string;
  timeframe: string;
  costSharing: string;
  contactName: string;
  contactEmail: string;
}

function CheckboxGroup(props: {
  name: string;
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  checked: string[];
  errors?: FieldError[];
  columns?: boolean;
}) {
  const { t } = useCtx();
  const err = props.errors?.find((e) => e.field === props.name);
  const id = fieldId(props.name);
  return (
    <fieldset
      id={id}
      class={err ? 'field field--error' : 'field'}
      aria-describedby={
        [props.hint ? `${id}-hint` : '', err ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
      }
    >
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {err && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">{t('form.errorPrefix')} </span>
          {t(err.key, err.values)}
        </p>
      )}
      <div class={props.columns ? 'checkbox-columns' : undefined}>
        {props.options.map((o) => (
          <div class="checkbox" key={o.value}>
            <input
              type="checkbox"
              id={`${id}-${o.value}`}
              name={props.name}
              value={o.value}
              checked={props.checked.includes(o.value)}
            />
            <label for={`${id}-${o.value}`}>{o.label}</label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}

export function ItemFormPage(props: {
  kind: Kind;
  mode: 'new' | 'edit';
  action: string;
  cancel: string;
  values: ItemFormValues;
  errors?: FieldError[];
  themes: ThemeOption[];
  /** The Secretariat chooses the country; others write for their own. */
  countries: string[] | null;
  institutions: { id: number; name: string; acronym: string | null }[];
}) {
  const { t, locale } = useCtx();
  const { kind, values: v, errors: e } = props;
  const title = t(`cooperation.${props.mode}.title.${kind}`);
  return (
    <Layout title={title} help={HELP} hasErrors={!!e?.length}>
      <p class="breadcrumbs">
        <Link href="/cooperation">{t('cooperation.title')}</Link>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t(`cooperation.form.lead.${kind}`)}</p>
      <Form action={props.action}>
        <ErrorSummary errors={e} />
        {props.countries ? (
          <Select
            name="country_iso3"
            label={t(
              kind === 'offer' ? 'cooperation.field.offeringCountry' : 'cooperation.field.requestingCountry',
            )}
            value={v.countryIso3}
            empty=""
            options={countryOptions(props.countries, locale)}
            errors={e}
          />
        ) : (
          <p>
            <strong>
              {t(
                kind === 'offer'
                  ? 'cooperation.field.offeringCountry'
                  : 'cooperation.field.requestingCountry',
              )}
              :
            </strong>{' '}
            {countryName(v.countryIso3, locale)}
          </p>
        )}
        {props.institutions.length > 0 && (
          <Select
            name="institution_id"
            label={t('cooperation.field.institution')}
            value={v.institutionId}
            empty={t('cooperation.field.noInstitution')}
            options={props.institutions.map((i) => ({
              value: String(i.id),
              label: `${i.name}${i.acronym ? ` (${i.acronym})` : ''}`,
            }))}
            errors={e}
          />
        )}
        <LanguageSelect
          name="orig_locale"
          label={t('cooperation.field.origLocale')}
          hint={t('cooperation.field.origLocaleHint')}
          value={v.origLocale}
          errors={e}
        />
        <LocalizedFieldset
          name="title"
          legend={t('cooperation.field.title')}
          hint={t('cooperation.field.titleHint')}
          values={v.title}
          errors={e}
          maxLength={200}
        />
        <LocalizedFieldset
          name="description"
          legend={t('cooperation.field.description')}
          hint={t(`cooperation.field.descriptionHint.${kind}`)}
          values={v.description}
          errors={e}
          rows={(l) => (l === v.origLocale ? 8 : 4)}
        />
        <CheckboxGroup
          name="themes"
          legend={t('cooperation.field.themes')}
          hint={t('cooperation.field.themesHint')}
          options={props.themes.map((th) => ({ value: th.code, label: themeName(th, locale) }))}
          checked={v.themes}
          errors={e}
          columns
        />
        <Select
          name="modality"
          label={t(kind === 'offer' ? 'cooperation.field.modality' : 'cooperation.field.preferredModality')}
          value={v.modality}
          empty={kind === 'offer' ? '' : t('cooperation.modality.any')}
          options={MODALITIES.map((m) => ({ value: m, label: t(`cooperation.modality.${m}`) }))}
          errors={e}
        />
        <CheckboxGroup
          name="languages"
          legend={t('cooperation.field.languages')}
          hint={t('cooperation.field.languagesHint')}
          options={LANGUAGES.map((l) => ({
            value: l,
            label: l === 'other' ? t('cooperation.language.other') : LOCALE_NAMES[l as Locale],
          }))}
          checked={v.languages}
          errors={e}
        />
        <TextField
          name="other_languages"
          label={t('cooperation.field.otherLanguages')}
          hint={t('cooperation.field.otherLanguagesHint')}
          value={v.otherLanguages}
          errors={e}
        />
        {kind === 'offer' ? (
          <>
            <TextField
              name="duration"
              label={t('cooperation.field.duration')}
              hint={t('cooperation.field.durationHint')}
              value={v.duration}
              errors={e}
            />
            <Select
              name="cost_sharing"
              label={t('cooperation.field.costSharing')}
              value={v.costSharing}
              empty=""
              options={COST_SHARING.map((c) => ({ value: c, label: t(`cooperation.costSharing.${c}`) }))}
              errors={e}
            />
          </>
        ) : (
          <TextField
            name="timeframe"
            label={t('cooperation.field.timeframe')}
            hint={t('cooperation.field.timeframeHint')}
            value={v.timeframe}
            errors={e}
          />
        )}
        <fieldset>
          <legend>{t('cooperation.field.contact')}</legend>
          <p class="hint">{t('cooperation.field.contactHint')}</p>
          <TextField
            name="contact_name"
            label={t('cooperation.field.contactName')}
            value={v.contactName}
            autocomplete="name"
            errors={e}
          />
          <TextField
            name="contact_email"
            type="email"
            label={t('cooperation.field.contactEmail')}
            value={v.contactEmail}
            autocomplete="email"
            errors={e}
          />
        </fieldset>
        <div class="actions">
          <Button>{props.mode === 'new' ? t(`cooperation.new.submit.${kind}`) : t('form.save')}</Button>
          <Link href={props.cancel}>{t('form.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}
