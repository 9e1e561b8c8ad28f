import type { StatImport, StatImportRowsTable } from '../../../db/schema.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, formatNumber, pick } from '../../../platform/i18n/format.ts';
import {
  Button,
  Checkbox,
  ErrorSummary,
  Form,
  Link,
  Notice,
  Pagination,
  Select,
  fieldId,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { ImportReport } from '../import/service.ts';
import { comboLabel } from '../labels.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import type { IndicatorView } from '../repository.ts';

export function ImportNewPage(props: {
  indicators: IndicatorView[];
  countries: string[];
  errors?: FieldError[];
}) {
  const { t, locale } = useCtx();
  const indOptions = props.indicators.map((i) => ({
    value: i.code,
    label: pick(i.name, locale, i.orig_locale).text,
  }));
  const countryOptions = props.countries
    .map((c) => ({ value: c, label: countryName(c, locale) }))
    .sort((a, b) => a.label.localeCompare(b.label, locale));
  const fileError = props.errors?.find((e) => e.field === 'file');
  return (
    <Layout
      title={t('stats.import.newTitle')}
      help="/help/coordinator-manual-bulk-upload"
      hasErrors={!!props.errors?.length}
    >
      <p>
        <Link href="/statistics/imports">{t('stats.import.listLink')}</Link>
      </p>
      <h1>{t('stats.import.newTitle')}</h1>
      <p class="lead">{t('stats.import.lead')}</p>
      <ErrorSummary errors={props.errors} />
      <Form action="/statistics/imports" multipart>
        <div class={fileError ? 'field field--error' : 'field'}>
          <label for={fieldId('file')}>{t('stats.import.file')}</label>
          <p class="hint" id={`${fieldId('file')}-hint`}>
            {t('stats.import.fileHint')}
          </p>
          {fileError && (
            <p class="field-error">
              <span class="visually-hidden">{t('form.errorPrefix')} </span>
              {t(fileError.key, fileError.values)}
            </p>
          )}
          <input
            type="file"
            id={fieldId('file')}
            name="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby={`${fieldId('file')}-hint`}
          />
        </div>
        <Button>{t('stats.import.upload')}</Button>
      </Form>
      <section>
        <h2>{t('stats.import.formatsHeading')}</h2>
        <p>{t('stats.import.formatTemplate')}</p>
        <p>{t('stats.import.formatIlostat')}</p>
        <p>{t('stats.import.formatRemove')}</p>
      </section>
      <section>
        <h2>{t('stats.import.templateHeading')}</h2>
        <Form action="/statistics/imports/template.xlsx" method="get">
          <Select name="indicator" label={t('stats.entry.indicator')} options={indOptions} />
          <Select
            name="country"
            label={t('stats.entry.country')}
            options={countryOptions}
            value={props.countries.length === 1 ? props.countries[0] : undefined}
          />
          <Button variant="secondary" name="format" value="xlsx">
            {t('stats.import.templateXlsx')}
          </Button>{' '}
          <Button variant="secondary" name="format" value="csv">
            {t('stats.import.templateCsv')}
          </Button>
        </Form>
      </section>
    </Layout>
  );
}

export interface ImportPageProps {
  imp: StatImport;
  report: ImportReport;
  progress: { phase: string; done: number; total: number } | null;
  changes: { rows: StatImportRowsTable[]; total: number; pages: number; page: number };
  indicators: Map<number, IndicatorView>;
  canAct: boolean;
  errors?: FieldError[];
}

const RUNNING = new Set(['validating', 'applying']);

export function ImportPage(props: ImportPageProps) {
  const { t, locale } = useCtx();
  const { imp, report } = props;
  const running = RUNNING.has(imp.status);
  const title = t('stats.import.title', { name: imp.filename });
  const fmt = (v: number | null, ind?: IndicatorView) =>
    v === null ? '—' : formatNumber(v, locale, ind?.decimals);
  // Validation counts its rows; applying is a few statements in the database, shown as work
  // under way without a share done.
  const pct =
    props.progress && props.progress.total > 0 && props.progress.phase === 'validating'
      ? Math.round((100 * props.progress.done) / props.progress.total)
      : null;
  return (
    <Layout
      title={title}
      help="/help/coordinator-manual-bulk-upload"
      hasErrors={!!props.errors?.length}
      head={running ? <meta http-equiv="refresh" content="2" /> : undefined}
    >
      <p>
        <Link href="/statistics/imports">{t('stats.import.listLink')}</Link>
      </p>
      <h1>{title}</h1>
      <p>
        {t('stats.import.statusLine', {
          status: t(`stats.import.status.${imp.status}`),
          rows: imp.rows,
          when: formatDateTime(imp.created_at, locale),
        })}
      </p>
      <ErrorSummary errors={props.errors} />
      {running && (
        <div class="stats-progress" role="status">
          <p>{t(`stats.import.running.${imp.status}`)}</p>
          {pct === null ? (
            <progress max={100} />
          ) : (
            <progress max={100} value={pct}>
              {pct}%
            </progress>
          )}
          <p class="hint">{t('stats.import.refreshHint')}</p>
        </div>
      )}
      {report.fileError && <Notice kind="warning">{t(report.fileError)}</Notice>}
      {imp.status === 'invalid' && report.errorCount > 0 && (
        <section>
          <h2>{t('stats.import.errorsHeading', { count: report.errorCount })}</h2>
          <p>{t('stats.import.errorsLead')}</p>
          <div class="table-wrap">
            <table class="stats-problems">
              <thead>
                <tr>
                  <th scope="col">{t('stats.import.row')}</th>
                  <th scope="col">{t('stats.import.column')}</th>
                  <th scope="col">{t('stats.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.map((e) => (
                  <tr key={`${e.row}-${e.column}`}>
                    <td>{e.row}</td>
                    <td>{e.column}</td>
                    <td>{t(e.key, e.values)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.errorCount > report.errors.length && (
            <p>{t('stats.import.moreErrors', { shown: report.errors.length, count: report.errorCount })}</p>
          )}
          <p>
            <Link href="/statistics/imports/new">{t('stats.import.tryAgain')}</Link>
          </p>
        </section>
      )}
      {(imp.status === 'validated' || imp.status === 'applied' || imp.status === 'reverted') && (
        <section>
          <h2>{t('stats.import.previewHeading')}</h2>
          <ul class="stats-counts">
            <li>{t('stats.import.count.new', { count: report.counts.new })}</li>
            <li>{t('stats.import.count.changed', { count: report.counts.changed })}</li>
            <li>{t('stats.import.count.unchanged', { count: report.counts.unchanged })}</li>
            <li>{t('stats.import.count.removed', { count: report.counts.removed })}</li>
          </ul>
          {report.applied && (
            <Notice>
              {t('stats.import.appliedNotice', {
                created: report.applied.created,
                changed: report.applied.changed,
                removed: report.applied.removed,
              })}
            </Notice>
          )}
          {report.reverted && (
            <Notice kind="info">
              {t('stats.import.revertedNotice', {
                restored: report.reverted.restored,
                skipped: report.reverted.skipped,
              })}
            </Notice>
          )}
        </section>
      )}
      {imp.status === 'validated' && report.warningCount > 0 && (
        <section>
          <h2>{t('stats.import.warningsHeading', { count: report.warningCount })}</h2>
          <div class="table-wrap">
            <table class="stats-problems">
              <thead>
                <tr>
                  <th scope="col">{t('stats.import.row')}</th>
                  <th scope="col">{t('stats.import.column')}</th>
                  <th scope="col">{t('stats.import.problem')}</th>
                </tr>
              </thead>
              <tbody>
                {report.warnings.map((w, i) => (
                  <tr key={i}>
                    <td>{w.row}</td>
                    <td>{w.column}</td>
                    <td>{t(w.key, w.values)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
      {imp.status === 'validated' && props.canAct && (
        <Form action={`/statistics/imports/${imp.id}/apply`} class="stats-apply">
          {report.warningCount > 0 && (
            <Checkbox
              name="confirmWarnings"
              label={t('stats.import.confirmWarnings', { count: report.warningCount })}
            />
          )}
          <Button>{t('stats.import.apply')}</Button>
        </Form>
      )}
      {imp.status === 'applied' && props.canAct && (
        <Form action={`/statistics/imports/${imp.id}/revert`}>
          <p>{t('stats.import.revertLead')}</p>
          <Button variant="danger">{t('stats.import.revert')}</Button>
        </Form>
      )}
      {props.changes.total > 0 && (
        <section>
          <h2>{t('stats.import.changesHeading', { count: props.changes.total })}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('stats.import.row')}</th>
                  <th scope="col">{t('stats.entry.indicator')}</th>
                  <th scope="col">{t('stats.entry.country')}</th>
                  <th scope="col">{t('stats.import.period')}</th>
                  <th scope="col">{t('stats.entry.breakdown')}</th>
                  <th scope="col">{t('stats.import.action')}</th>
                  <th scope="col">{t('stats.import.oldValue')}</th>
                  <th scope="col">{t('stats.import.newValue')}</th>
                </tr>
              </thead>
              <tbody>
                {props.changes.rows.map((r) => {
                  const ind = props.indicators.get(r.indicator_id);
                  return (
                    <tr key={r.row_no}>
                      <td>{r.row_no}</td>
                      <td>{ind?.code}</td>
                      <td>{r.country_iso3}</td>
                      <td>{r.period}</td>
                      <td>{comboLabel([r.dim1, r.dim2, r.dim3], locale) || t('stats.entry.total')}</td>
                      <td>{t(`stats.import.actionName.${r.action}`)}</td>
                      <td class="num">{fmt(r.old_value, ind)}</td>
                      <td class="num">
                        {r.action === 'removed' ? t('stats.history.deleted') : fmt(r.value, ind)}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pagination
            page={props.changes.page}
            pages={props.changes.pages}
            base={`/statistics/imports/${imp.id}`}
          />
        </section>
      )}
    </Layout>
  );
}

export function ImportListPage(props: {
  rows: (StatImport & { uploader: string | null })[];
  page: number;
  pages: number;
}) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('stats.import.listTitle')} help="/help/coordinator-manual-bulk-upload">
      <h1>{t('stats.import.listTitle')}</h1>
      <p>
        <Link href="/statistics/imports/new" class="button">
          {t('stats.import.newLink')}
        </Link>
      </p>
      {props.rows.length === 0 ? (
        <p>{t('stats.import.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('stats.import.when')}</th>
                <th scope="col">{t('stats.import.file')}</th>
                <th scope="col">{t('stats.import.countries')}</th>
                <th scope="col">{t('stats.import.uploader')}</th>
                <th scope="col">{t('stats.import.rows')}</th>
                <th scope="col">{t('stats.import.statusHeading')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.created_at, locale)}</td>
                  <td>
                    <Link href={`/statistics/imports/${r.id}`}>{r.filename}</Link>
                  </td>
                  <td>{(JSON.parse(r.countries) as string[]).join(', ')}</td>
                  <td>{r.uploader ?? ''}</td>
                  <td class="num">{formatNumber(r.rows, locale)}</td>
                  <td>{t(`stats.import.status.${r.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={props.page} pages={props.pages} base="/statistics/imports" />
    </Layout>
  );
}
