import { LanguageSelect } from '../../../views/localized-fields.tsx';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, pick } from '../../../platform/i18n/format.ts';
import {
  Button,
  ErrorSummary,
  Form,
  fieldId,
  Link,
  LocalizedText,
  Select,
  TextArea,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { type CooperationItem, itemPath, NEXT_STATUSES, type Status } from '../model.ts';
import { HELP } from './registry.tsx';
import { StatusBadge } from './shared.tsx';

export interface StatusFormValues {
  status: string;
  partnerCountry: string;
  note: string;
  outcomeLocale: string;
  results: string;
  participants: string;
  lessons: string;
}

export function StatusFormPage(props: {
  item: CooperationItem;
  /** Countries that expressed interest: the partner is chosen among them. */
  interested: string[];
  values: StatusFormValues;
  errors?: FieldError[];
}) {
  const { t, locale } = useCtx();
  const { item, values: v, errors: e } = props;
  const next = NEXT_STATUSES[item.status as Status];
  const heading = t('cooperation.statusForm.title');
  const statusErr = e?.find((x) => x.field === 'status');
  const id = fieldId('status');
  return (
    <Layout title={heading} help={HELP} hasErrors={!!e?.length}>
      <p class="breadcrumbs">
        <Link href="/cooperation">{t('cooperation.title')}</Link> ›{' '}
        <Link href={itemPath(item)}>
          <LocalizedText picked={pick(item.title, locale, item.orig_locale)} />
        </Link>
      </p>
      <h1>{heading}</h1>
      <p>
        {t('cooperation.statusForm.current')} <StatusBadge status={item.status} />
      </p>
      <Form action={`${itemPath(item)}/status`}>
        <ErrorSummary errors={e} />
        <fieldset
          id={id}
          class={statusErr ? 'field field--error' : 'field'}
          aria-describedby={statusErr ? `${id}-error` : undefined}
        >
          <legend>{t('cooperation.statusForm.next')}</legend>
          {statusErr && (
            <p class="field-error" id={`${id}-error`}>
              <span class="visually-hidden">{t('form.errorPrefix')} </span>
              {t(statusErr.key, statusErr.values)}
            </p>
          )}
          {next.map((s) => (
            <div class="checkbox" key={s}>
              <input type="radio" id={`${id}-${s}`} name="status" value={s} checked={v.status === s} />
              <label for={`${id}-${s}`}>
                {t(`cooperation.status.${s}`)} — <span class="hint">{t(`cooperation.statusHint.${s}`)}</span>
              </label>
            </div>
          ))}
        </fieldset>
        {next.includes('agreed') &&
          (props.interested.length > 0 ? (
            <Select
              name="partner_country_iso3"
              label={t('cooperation.field.partner')}
              hint={t('cooperation.statusForm.partnerHint')}
              value={v.partnerCountry}
              empty=""
              options={props.interested
                .map((c) => ({ value: c, label: countryName(c, locale) }))
                .sort((a, b) => a.label.localeCompare(b.label, locale))}
              errors={e}
            />
          ) : (
            <p class="hint" id={fieldId('partner_country_iso3')}>
              {t('cooperation.statusForm.noInterest')}
            </p>
          ))}
        {next.includes('completed') && (
          <fieldset>
            <legend>{t('cooperation.outcome.title')}</legend>
            <p class="hint">{t('cooperation.outcome.hint')}</p>
            <LanguageSelect
              name="outcome_locale"
              label={t('cooperation.field.origLocale')}
              value={v.outcomeLocale}
              errors={e}
            />
            <TextArea
              name="outcome_results"
              label={t('cooperation.outcome.results')}
              hint={t('cooperation.outcome.resultsHint')}
              value={v.results}
              errors={e}
            />
            <TextArea
              name="outcome_participants"
              label={t('cooperation.outcome.participants')}
              hint={t('cooperation.outcome.participantsHint')}
              value={v.participants}
              errors={e}
              rows={4}
            />
            <TextArea
              name="outcome_lessons"
              label={t('cooperation.outcome.lessons')}
              hint={t('cooperation.outcome.lessonsHint')}
              value={v.lessons}
              errors={e}
            />
          </fieldset>
        )}
        <TextArea
          name="note"
          label={t('cooperation.field.note')}
          hint={t('cooperation.field.noteHint')}
          value={v.note}
          errors={e}
          rows={3}
        />
        <div class="actions">
          <Button>{t('cooperation.statusForm.submit')}</Button>
          <Link href={itemPath(item)}>{t('form.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}
