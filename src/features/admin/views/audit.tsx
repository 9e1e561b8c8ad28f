import type { AuditLogTable } from '../../../db/schema.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, formatNumber } from '../../../platform/i18n/format.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import {
  Button,
  ErrorSummary,
  Form,
  Link,
  Pagination,
  Select,
  TextField,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { auditDiff } from '../diff.ts';
import type { AuditQuery } from '../service.ts';

type AuditRow = Omit<AuditLogTable, 'id'> & { id: number };

export interface AuditPageProps {
  query: AuditQuery;
  actions: string[];
  objectTypes: string[];
  countries: string[];
  result?: { rows: AuditRow[]; total: number; page: number; pages: number };
  errors?: FieldError[];
}

export function AuditPage(props: AuditPageProps) {
  const { t, locale, actor } = useCtx();
  const q = props.query;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  const base = `/admin/audit${params.size ? `?${params.toString()}` : ''}`;
  const tz = actor?.timezone ?? 'UTC';
  const collator = new Intl.Collator(locale);
  const countries = props.countries
    .map((iso3) => ({ value: iso3, label: countryName(iso3, locale) }))
    .sort((a, b) => collator.compare(a.label, b.label));
  return (
    <Layout
      title={t('admin.audit.title')}
      help="/help/secretariat-guide-audit-trail"
      hasErrors={!!props.errors?.length}
    >
      <p class="meta">
        <Link href="/admin">{t('admin.home.title')}</Link>
      </p>
      <h1>{t('admin.audit.title')}</h1>
      <ErrorSummary errors={props.errors} />
      <Form action="/admin/audit" method="get" class="filters" aria-label={t('admin.filters')}>
        <div class="filters-grid">
          <TextField
            name="actor"
            label={t('admin.audit.actor')}
            hint={t('admin.audit.actorHint')}
            value={q.actor}
            errors={props.errors}
          />
          <Select
            name="action"
            label={t('admin.audit.action')}
            value={q.action}
            empty={t('admin.all')}
            options={props.actions.map((a) => ({ value: a, label: a }))}
            errors={props.errors}
          />
          <Select
            name="objectType"
            label={t('admin.audit.objectType')}
            value={q.objectType}
            empty={t('admin.all')}
            options={props.objectTypes.map((o) => ({ value: o, label: o }))}
            errors={props.errors}
          />
          <Select
            name="country"
            label={t('admin.audit.country')}
            value={q.country}
            empty={t('admin.all')}
            options={countries}
            errors={props.errors}
          />
          <TextField
            name="from"
            type="date"
            label={t('admin.audit.from')}
            value={q.from}
            errors={props.errors}
            width="short"
          />
          <TextField
            name="to"
            type="date"
            label={t('admin.audit.to')}
            value={q.to}
            errors={props.errors}
            width="short"
          />
        </div>
        <div class="actions">
          <Button>{t('admin.filter')}</Button>
          <Link href="/admin/audit">{t('admin.clearFilters')}</Link>
        </div>
      </Form>

      {props.result && (
        <section aria-labelledby="audit-results">
          <h2 id="audit-results">
            {t('admin.audit.results', {
              count: props.result.total,
              shown: formatNumber(props.result.total, locale),
            })}
          </h2>
          {props.result.rows.length === 0 ? (
            <p>{t('admin.audit.none')}</p>
          ) : (
            <ol class="audit-list">
              {props.result.rows.map((r) => {
                const diff = auditDiff(r.before, r.after);
                return (
                  <li key={r.id}>
                    <details class="audit-entry">
                      <summary>
                        <time dateTime={r.at}>{formatDateTime(r.at, locale, tz)}</time>
                        {' · '}
                        <span class="audit-actor">{r.actor_label ?? t('admin.audit.system')}</span>
                        {' · '}
                        <code>{r.action}</code>
                        {' · '}
                        <span>
                          {r.object_type}
                          {r.object_id !== null && ` #${r.object_id}`}
                        </span>
                        {r.country_iso3 && (
                          <>
                            {' · '}
                            {countryName(r.country_iso3, locale)}
                          </>
                        )}
                      </summary>
                      {diff.length === 0 ? (
                        <p>{t('admin.audit.noDetails')}</p>
                      ) : (
                        <div class="table-wrap">
                          <table class="audit-diff">
                            <caption class="visually-hidden">
                              {t('admin.audit.diffCaption', { id: r.id })}
                            </caption>
                            <thead>
                              <tr>
                                <th scope="col">{t('admin.audit.field')}</th>
                                <th scope="col">{t('admin.audit.before')}</th>
                                <th scope="col">{t('admin.audit.after')}</th>
                              </tr>
                            </thead>
                            <tbody>
                              {diff.map((d) => (
                                <tr key={d.field} class={d.changed ? 'diff-changed' : undefined}>
                                  <th scope="row">
                                    {d.field ? <code>{d.field}</code> : t('admin.audit.value')}
                                    {d.changed && (
                                      <span class="badge badge--warn">{t('admin.audit.changed')}</span>
                                    )}
                                  </th>
                                  <td>{d.before ?? <span class="meta">{t('admin.audit.empty')}</span>}</td>
                                  <td>{d.after ?? <span class="meta">{t('admin.audit.empty')}</span>}</td>
                                </tr>
                              ))}
                            </tbody>
                          </table>
                        </div>
                      )}
                      {r.request_id && <p class="meta">{t('admin.audit.request', { id: r.request_id })}</p>}
                    </details>
                  </li>
                );
              })}
            </ol>
          )}
          <Pagination page={props.result.page} pages={props.result.pages} base={base} />
        </section>
      )}
    </Layout>
  );
}
