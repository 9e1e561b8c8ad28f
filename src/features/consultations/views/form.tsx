import { LanguageSelect } from '../../../views/localized-fields.tsx';
import { AttachmentField } from '../../../platform/files/attachment-views.tsx';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, pick } from '../../../platform/i18n/format.ts';
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
import type { ConsultationInput } from '../service.ts';

export interface FormProps {
  values: ConsultationInput;
  errors?: FieldError[];
  themes: { code: string; name: string; orig_locale: string }[];
  countries: string[];
  /** The asking country of a coordinator or editor; null for the Secretariat, who chooses. */
  askingCountry: string | null;
  maxMb: number;
}

function FieldsetError({ errors, name }: { errors?: FieldError[]; name: string }) {
  const { t } = useCtx();
  const err = errors?.find((e) => e.field === name);
  if (!err) return null;
  return (
    <p class="field-error" id={`${fieldId(name)}-error`}>
      <span class="visually-hidden">{t('form.errorPrefix')} </span>
      {t(err.key, err.values)}
    </p>
  );
}

export function NewConsultationPage(props: FormProps) {
  const { t, locale } = useCtx();
  const { values, errors } = props;
  const has = (name: string) => !!errors?.some((e) => e.field === name);
  const byName = props.countries
    .filter((c) => c !== props.askingCountry)
    .map((iso3) => ({ iso3, name: countryName(iso3, locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  return (
    <Layout
      title={t('consultations.new.title')}
      help="/help/user-manual-consultations"
      hasErrors={!!errors?.length}
    >
      <p class="breadcrumb">
        <Link href="/consultations">{t('consultations.title')}</Link>
      </p>
      <h1>{t('consultations.new.title')}</h1>
      <p class="lead">{t('consultations.new.lead')}</p>
      <ErrorSummary errors={errors} />
      <Form action="/consultations/new" multipart>
        {props.askingCountry ? (
          <p>{t('consultations.new.askingAs', { country: countryName(props.askingCountry, locale) })}</p>
        ) : (
          <Select
            name="country_iso3"
            label={t('consultations.field.askingCountry')}
            hint={t('consultations.field.askingCountryHint')}
            value={values.countryIso3 ?? ''}
            empty={t('consultations.field.choose')}
            options={props.countries
              .map((iso3) => ({ value: iso3, label: countryName(iso3, locale) }))
              .sort((a, b) => a.label.localeCompare(b.label, locale))}
            errors={errors}
          />
        )}
        <LanguageSelect
          name="orig_locale"
          label={t('consultations.field.language')}
          value={values.origLocale}
          errors={errors}
        />
        <TextField
          name="title"
          label={t('consultations.field.title')}
          hint={t('consultations.field.titleHint')}
          value={values.title}
          maxLength={300}
          errors={errors}
        />
        <TextArea
          name="body"
          label={t('consultations.field.body')}
          hint={t('consultations.field.bodyHint')}
          value={values.body}
          rows={10}
          errors={errors}
        />
        <fieldset class={has('themes') ? 'field field--error' : 'field'} id={fieldId('themes')}>
          <legend>{t('consultations.field.themes')}</legend>
          <p class="hint">{t('consultations.field.themesHint')}</p>
          <FieldsetError errors={errors} name="themes" />
          <div class="checkbox-columns">
            {props.themes.map((th) => (
              <div class="checkbox" key={th.code}>
                <input
                  type="checkbox"
                  id={fieldId(`themes-${th.code}`)}
                  name="themes"
                  value={th.code}
                  checked={values.themes.includes(th.code)}
                />
                <label for={fieldId(`themes-${th.code}`)}>{pick(th.name, locale, th.orig_locale).text}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <fieldset class={has('addressed') ? 'field field--error' : 'field'} id={fieldId('addressed')}>
          <legend>{t('consultations.field.addressed')}</legend>
          <FieldsetError errors={errors} name="addressed" />
          <div class="checkbox">
            <input
              type="radio"
              id="addressed-all"
              name="addressed"
              value="all"
              checked={values.addressed !== 'chosen'}
            />
            <label for="addressed-all">{t('consultations.field.addressedAll')}</label>
          </div>
          <div class="checkbox">
            <input
              type="radio"
              id="addressed-chosen"
              name="addressed"
              value="chosen"
              checked={values.addressed === 'chosen'}
            />
            <label for="addressed-chosen">{t('consultations.field.addressedChosen')}</label>
          </div>
        </fieldset>
        <fieldset class={has('countries') ? 'field field--error' : 'field'} id={fieldId('countries')}>
          <legend>{t('consultations.field.countries')}</legend>
          <p class="hint">{t('consultations.field.countriesHint')}</p>
          <FieldsetError errors={errors} name="countries" />
          <div class="checkbox-columns">
            {byName.map(({ iso3, name }) => (
              <div class="checkbox" key={iso3}>
                <input
                  type="checkbox"
                  id={fieldId(`countries-${iso3}`)}
                  name="countries"
                  value={iso3}
                  checked={values.countries.includes(iso3)}
                />
                <label for={fieldId(`countries-${iso3}`)}>{name}</label>
              </div>
            ))}
          </div>
        </fieldset>
        <TextField
          name="deadline"
          type="date"
          label={t('consultations.field.deadline')}
          hint={t('consultations.field.deadlineHint')}
          value={values.deadline}
          width="short"
          errors={errors}
        />
        <AttachmentField errors={errors} maxMb={props.maxMb} />
        <div class="actions">
          <Button>{t('consultations.new.submit')}</Button>{' '}
          <Link href="/consultations">{t('form.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}
