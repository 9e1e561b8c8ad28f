import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName } from '../../../platform/i18n/format.ts';
import { Button, ErrorSummary, Form, Link, Select } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { COUNTRY_STATUSES } from '../repository.ts';

export function StatusFormPage(props: { iso3: string; status: string; errors?: FieldError[] }) {
  const { t, locale } = useCtx();
  const country = countryName(props.iso3, locale);
  const title = t('countries.status.title', { country });
  const base = `/countries/${props.iso3}`;
  return (
    <Layout title={title} help="/help/secretariat-guide-coordinators" hasErrors={!!props.errors?.length}>
      <p class="meta">
        <Link href={base}>{country}</Link>
      </p>
      <h1>{title}</h1>
      <ErrorSummary errors={props.errors} />
      <Form action={`${base}/status`}>
        <Select
          name="status"
          label={t('countries.field.status')}
          hint={t('countries.status.hint')}
          value={props.status}
          errors={props.errors}
          options={COUNTRY_STATUSES.map((s) => ({ value: s, label: t(`countries.status.${s}`) }))}
        />
        <div class="actions">
          <Button>{t('countries.save')}</Button>
          <Link href={base}>{t('countries.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}
