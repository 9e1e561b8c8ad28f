import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, formatNumber, pick } from '../../../platform/i18n/format.ts';
import {
  Button,
  ErrorSummary,
  Form,
  Link,
  LocalizedText,
  Notice,
  Select,
  TextField,
  fieldId,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { OBS_STATUSES } from '../codelists.ts';
import { comboLabel } from '../labels.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import type { IndicatorView, ObservationValue } from '../repository.ts';
import { cellField } from '../service.ts';

export interface EntryIndexProps {
  indicators: IndicatorView[];
  countries: string[];
  country: string;
  indicator: string;
  summary: Map<number, { n: number; last_period: string | null; updated_at: string | null }>;
}

export function EntryIndexPage(props: EntryIndexProps) {
  const { t, locale } = useCtx();
  const indOptions = props.indicators.map((i) => ({
    value: i.code,
    label: pick(i.name, locale, i.orig_locale).text,
  }));
  const countryOptions = props.countries
    .map((c) => ({ value: c, label: countryName(c, locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
  return (
    <Layout title={t('stats.entry.title')} help="/help/coordinator-manual-data-entry">
      <h1>{t('stats.entry.title')}</h1>
      <p class="lead">{t('stats.entry.lead')}</p>
      <p>
        <Link href="/statistics/imports/new">{t('stats.import.newLink')}</Link> ·{' '}
        <Link href="/statistics/imports">{t('stats.import.listLink')}</Link>
      </p>
      <Form action="/statistics/entry" method="get" class="stats-choose">
        <Select
          name="indicator"
          label={t('stats.entry.indicator')}
          options={indOptions}
          value={props.indicator}
        />
        <Select
          name="country"
          label={t('stats.entry.country')}
          options={countryOptions}
          value={props.country}
        />
        <Button>{t('stats.entry.open')}</Button>
      </Form>
      {props.country && (
        <section>
          <h2>{t('stats.entry.indicatorsFor', { country: countryName(props.country, locale) })}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('stats.entry.indicator')}</th>
                  <th scope="col">{t('stats.entry.values')}</th>
                  <th scope="col">{t('stats.entry.lastPeriod')}</th>
                  <th scope="col">{t('stats.entry.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {props.indicators.map((i) => {
                  const s = props.summary.get(i.id);
                  return (
                    <tr key={i.id}>
                      <td>
                        <Link href={`/statistics/entry/${i.code}/${props.country}`}>
                          <LocalizedText picked={pick(i.name, locale, i.orig_locale)} />
                        </Link>
                      </td>
                      <td class="num">{formatNumber(s?.n ?? 0, locale)}</td>
                      <td>{s?.last_period ?? '—'}</td>
                      <td>{s?.updated_at ? formatDateTime(s.updated_at, locale) : '—'}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Layout>
  );
}

export interface EntryGridProps {
  indicator: IndicatorView;
  country: string;
  periods: string[];
  combos: string[][];
  from: number;
  to: number;
  values: Map<string, ObservationValue>;
  /** What the user typed, when the form comes back with errors. */
  submitted?: Record<string, string>;
  errors?: FieldError[];
  saved?: { created: number; changed: number; removed: number } | null;
  source: string;
  reason: string;
  canWrite: boolean;
}

export function cellKey(period: string, combo: string[]): string {
  return `${period}|${combo.join('|')}`;
}

export function EntryGridPage(props: EntryGridProps) {
  const { t, locale } = useCtx();
  const ind = props.indicator;
  const name = pick(ind.name, locale, ind.orig_locale);
  const country = countryName(props.country, locale);
  const statusOptions = OBS_STATUSES.map((s) => ({ value: s, label: t(`stats.status.${s}`) }));
  const base = `/statistics/entry/${ind.code}/${props.country}`;
  const thisYear = new Date().getUTCFullYear();
  const years: { value: string; label: string }[] = [];
  for (let y = thisYear + 3; y >= 1990; y--) years.push({ value: String(y), label: String(y) });
  return (
    <Layout
      title={`${name.text} — ${country}`}
      help="/help/coordinator-manual-data-entry"
      hasErrors={!!props.errors?.length}
    >
      <p>
        <Link href={`/statistics/entry?country=${props.country}`}>{t('stats.entry.back')}</Link>
      </p>
      <h1>
        <LocalizedText picked={name} /> — {country}
      </h1>
      <p>
        {t('stats.entry.unit', { unit: t(`stats.unit.${ind.unit}`), multiplier: ind.unit_multiplier })}{' '}
        {ind.min_value !== null &&
          ind.max_value !== null &&
          t('stats.entry.range', { min: ind.min_value, max: ind.max_value })}
      </p>
      {props.saved && (
        <Notice>
          {t('stats.entry.saved', {
            created: props.saved.created,
            changed: props.saved.changed,
            removed: props.saved.removed,
          })}
        </Notice>
      )}
      <Form action={base} method="get" class="stats-range">
        <Select name="from" label={t('stats.entry.from')} options={years} value={String(props.from)} />
        <Select name="to" label={t('stats.entry.to')} options={years} value={String(props.to)} />
        <Button variant="secondary">{t('stats.entry.showPeriods')}</Button>
      </Form>
      <p>
        <Link href={`/statistics/imports/template.xlsx?indicator=${ind.code}&country=${props.country}`}>
          {t('stats.import.templateXlsx')}
        </Link>{' '}
        ·{' '}
        <Link href={`/statistics/imports/template.csv?indicator=${ind.code}&country=${props.country}`}>
          {t('stats.import.templateCsv')}
        </Link>
      </p>
      <ErrorSummary errors={props.errors} />
      <Form action={`${base}?from=${props.from}&to=${props.to}`}>
        <p class="hint">{t('stats.entry.hint')}</p>
        <div class="table-wrap stats-grid">
          <table>
            <caption class="visually-hidden">
              {t('stats.entry.caption', { indicator: name.text, country })}
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('stats.entry.breakdown')}</th>
                {props.periods.map((p) => (
                  <th scope="col" key={p}>
                    {p}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.combos.map((combo) => {
                const label = comboLabel(combo, locale) || t('stats.entry.total');
                return (
                  <tr key={combo.join('|')}>
                    <th scope="row">{label}</th>
                    {props.periods.map((p) => {
                      const field = cellField(p, combo);
                      const statusField = `s${field.slice(1)}`;
                      const obs = props.values.get(cellKey(p, combo));
                      const err = props.errors?.find((e) => e.field === field);
                      const typed = props.submitted?.[field];
                      const value = typed ?? (obs?.value != null ? String(obs.value) : '');
                      const status = props.submitted?.[statusField] ?? obs?.obs_status ?? 'A';
                      return (
                        <td key={p} class={err ? 'stats-cell stats-cell--error' : 'stats-cell'}>
                          <label class="visually-hidden" for={fieldId(field)}>
                            {t('stats.entry.cellLabel', { breakdown: label, period: p })}
                          </label>
                          <input
                            id={fieldId(field)}
                            name={field}
                            value={value}
                            inputMode="decimal"
                            class="input stats-value"
                            size={8}
                            disabled={!props.canWrite}
                            aria-invalid={err ? 'true' : undefined}
                          />
                          <label class="visually-hidden" for={fieldId(statusField)}>
                            {t('stats.entry.statusLabel', { breakdown: label, period: p })}
                          </label>
                          <select
                            id={fieldId(statusField)}
                            name={statusField}
                            class="stats-status"
                            disabled={!props.canWrite}
                          >
                            {statusOptions.map((o) => (
                              <option key={o.value} value={o.value} selected={o.value === status}>
                                {o.value} – {o.label}
                              </option>
                            ))}
                          </select>
                          {obs && (
                            <Link href={`/statistics/observations/${obs.id}/history`} class="stats-history">
                              {t('stats.entry.history')}
                              <span class="visually-hidden">
                                {' '}
                                {t('stats.entry.cellLabel', { breakdown: label, period: p })}
                              </span>
                            </Link>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {props.canWrite && (
          <>
            <TextField
              name="source"
              label={t('stats.entry.source')}
              hint={t('stats.entry.sourceHint')}
              value={props.source}
              errors={props.errors}
              maxLength={200}
            />
            <TextField
              name="reason"
              label={t('stats.entry.reason')}
              hint={t('stats.entry.reasonHint')}
              value={props.reason}
              errors={props.errors}
              maxLength={500}
            />
            <Button>{t('stats.entry.save')}</Button>
          </>
        )}
      </Form>
    </Layout>
  );
}
