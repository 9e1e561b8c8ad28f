import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName } from '../../../platform/i18n/format.ts';
import { Button, Checkbox, ErrorSummary, Form, Link, TextField } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { INSTITUTION_ACRONYM_MAX, INSTITUTION_NAME_MAX, type InstitutionInput } from '../service.ts';

export interface InstitutionFormProps {
  iso3: string;
  /** Set when editing an existing institution. */
  id?: number;
  values: InstitutionInput;
  errors?: FieldError[];
}

export function InstitutionFormPage(props: InstitutionFormProps) {
  const { t, locale } = useCtx();
  const country = countryName(props.iso3, locale);
  const title = props.id
    ? t('countries.institution.editTitle', { name: props.values.name })
    : t('countries.institution.newTitle', { country });
  const base = `/countries/${props.iso3}`;
  return (
    <Layout
      title={title}
      hasErrors={!!props.errors?.length}
      help="/help/coordinator-manual-institutions-and-editors"
    >
      <p class="meta">
        <Link href={base}>{country}</Link>
      </p>
      <h1>{props.id ? t('countries.institution.editHeading') : t('countries.institution.newHeading')}</h1>
      <ErrorSummary errors={props.errors} />
      <Form action={props.id ? `${base}/institutions/${props.id}` : `${base}/institutions`}>
        <TextField
          name="name"
          label={t('countries.institution.name')}
          hint={t('countries.institution.nameHint')}
          value={props.values.name}
          errors={props.errors}
          maxLength={INSTITUTION_NAME_MAX}
          required
        />
        <TextField
          name="acronym"
          label={t('countries.institution.acronym')}
          hint={t('countries.institution.optional')}
          value={props.values.acronym}
          errors={props.errors}
          maxLength={INSTITUTION_ACRONYM_MAX}
          width="short"
        />
        <TextField
          name="website"
          type="url"
          label={t('countries.institution.website')}
          hint={t('countries.institution.websiteHint')}
          value={props.values.website}
          errors={props.errors}
          autocomplete="url"
        />
        <fieldset>
          <legend>{t('countries.institution.publishing')}</legend>
          <p class="hint">{t('countries.institution.publishHint')}</p>
          <Checkbox
            name="can_publish"
            label={t('countries.institution.canPublishLabel')}
            checked={props.values.canPublish}
          />
        </fieldset>
        <div class="actions">
          <Button>{props.id ? t('countries.save') : t('countries.institution.create')}</Button>
          <Link href={base}>{t('countries.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}

export function InstitutionDeletePage(props: { iso3: string; id: number; name: string }) {
  const { t, locale } = useCtx();
  const base = `/countries/${props.iso3}`;
  const title = t('countries.institution.removeTitle', { name: props.name });
  return (
    <Layout title={title}>
      <p class="meta">
        <Link href={base}>{countryName(props.iso3, locale)}</Link>
      </p>
      <h1>{title}</h1>
      <p>{t('countries.institution.removeExplain')}</p>
      <Form action={`${base}/institutions/${props.id}/delete`}>
        <div class="actions">
          <Button variant="danger">{t('countries.institution.removeConfirm')}</Button>
          <Link href={base}>{t('countries.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}
