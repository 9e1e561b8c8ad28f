import { LanguageSelect } from '../../../views/localized-fields.tsx';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName } from '../../../platform/i18n/format.ts';
import { Button, ErrorSummary, Form, Link, Select, TextField } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { CountryRow } from '../repository.ts';

export interface DesignatePageProps {
  country: CountryRow;
  candidates: { id: number; name: string; email: string; role: string }[];
  values: { userId?: string; name?: string; email?: string; locale?: string };
  errors?: FieldError[];
}

export function DesignatePage(props: DesignatePageProps) {
  const { t, locale } = useCtx();
  const { country } = props;
  const name = countryName(country.iso3, locale);
  const title = t('countries.designate.title', { country: name });
  const base = `/countries/${country.iso3}`;
  return (
    <Layout title={title} hasErrors={!!props.errors?.length} help="/help/secretariat-guide-coordinators">
      <p class="meta">
        <Link href={base}>{name}</Link>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={props.errors} />
      <p>
        {country.coordinator_name
          ? t('countries.designate.current', { name: country.coordinator_name })
          : t('countries.designate.noCurrent')}
      </p>
      <p class="hint">{t('countries.designate.explain')}</p>

      <section aria-labelledby="designate-existing">
        <h2 id="designate-existing">{t('countries.designate.existingHeading')}</h2>
        {props.candidates.length === 0 ? (
          <p>{t('countries.designate.noCandidates')}</p>
        ) : (
          <Form action={`${base}/coordinator`}>
            <input type="hidden" name="mode" value="existing" />
            <Select
              name="userId"
              label={t('countries.designate.person')}
              value={props.values.userId ?? ''}
              empty={t('countries.designate.choose')}
              errors={props.errors}
              options={props.candidates.map((c) => ({
                value: String(c.id),
                label: `${c.name} <${c.email}> — ${t(`countries.role.${c.role}`)}`,
              }))}
            />
            <Button>{t('countries.designate.submitExisting')}</Button>
          </Form>
        )}
      </section>

      <section aria-labelledby="designate-invite">
        <h2 id="designate-invite">{t('countries.designate.inviteHeading')}</h2>
        <p class="hint">{t('countries.designate.inviteExplain')}</p>
        <Form action={`${base}/coordinator`}>
          <input type="hidden" name="mode" value="invite" />
          <TextField
            name="name"
            label={t('countries.designate.name')}
            value={props.values.name}
            errors={props.errors}
            autocomplete="off"
          />
          <TextField
            name="email"
            type="email"
            label={t('countries.designate.email')}
            value={props.values.email}
            errors={props.errors}
            autocomplete="off"
          />
          <LanguageSelect
            name="locale"
            label={t('countries.designate.language')}
            hint={t('countries.designate.languageHint')}
            value={props.values.locale ?? locale}
            errors={props.errors}
          />
          <Button>{t('countries.designate.submitInvite')}</Button>
        </Form>
      </section>
      <p>
        <Link href={base}>{t('countries.cancel')}</Link>
      </p>
    </Layout>
  );
}
