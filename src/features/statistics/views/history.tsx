import { countryName, formatNumber, pick } from '../../../platform/i18n/format.ts';
import { Button, Form, Link, LocalizedText, Notice, TextField } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { StatObservation } from '../../../db/schema.ts';
import { comboLabel } from '../labels.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import type { IndicatorView, RevisionWithAuthor } from '../repository.ts';

export function HistoryPage(props: {
  observation: StatObservation;
  indicator: IndicatorView;
  revisions: RevisionWithAuthor[];
  canWrite: boolean;
  notice?: 'restored' | 'deleted' | null;
}) {
  const { t, locale } = useCtx();
  const { observation: o, indicator: ind } = props;
  const name = pick(ind.name, locale, ind.orig_locale);
  const breakdown = comboLabel([o.dim1, o.dim2, o.dim3], locale) || t('stats.entry.total');
  const fmt = (v: number | null) => (v === null ? '—' : formatNumber(v, locale, ind.decimals));
  const title = t('stats.history.title', { period: o.period, breakdown });
  return (
    <Layout title={title} help="/help/coordinator-manual-data-entry">
      <p>
        <Link href={`/statistics/entry/${ind.code}/${o.country_iso3}`}>{t('stats.history.back')}</Link>
      </p>
      <h1>{title}</h1>
      <p>
        <LocalizedText picked={name} /> — {countryName(o.country_iso3, locale)}
      </p>
      {props.notice && (
        <Notice>
          {t(props.notice === 'restored' ? 'stats.history.restored' : 'stats.history.deletedNotice')}
        </Notice>
      )}
      <p>
        {o.deleted_at
          ? t('stats.history.currentlyDeleted')
          : t('stats.history.current', { value: fmt(o.value), status: t(`stats.status.${o.obs_status}`) })}
      </p>
      <div class="table-wrap">
        <table>
          <caption>{t('stats.history.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stats.history.revision')}</th>
              <th scope="col">{t('stats.history.when')}</th>
              <th scope="col">{t('stats.history.who')}</th>
              <th scope="col">{t('stats.history.value')}</th>
              <th scope="col">{t('stats.history.status')}</th>
              <th scope="col">{t('stats.history.source')}</th>
              <th scope="col">{t('stats.history.reason')}</th>
              {props.canWrite && <th scope="col">{t('stats.history.action')}</th>}
            </tr>
          </thead>
          <tbody>
            {props.revisions.map((r, i) => (
              <tr key={r.id}>
                <td>{r.revision_no}</td>
                <td>{formatDateTime(r.changed_at, locale)}</td>
                <td>{r.changed_by_name ?? t('stats.history.system')}</td>
                <td class="num">{r.deleted ? t('stats.history.deleted') : fmt(r.value)}</td>
                <td>{r.deleted ? '' : t(`stats.status.${r.obs_status}`)}</td>
                <td>{r.source ?? ''}</td>
                <td>
                  {r.reason ?? ''}
                  {r.restored_from !== null && (
                    <>
                      {' '}
                      {t('stats.history.restoredFrom', {
                        no: props.revisions.find((x) => x.id === r.restored_from)?.revision_no ?? '?',
                      })}
                    </>
                  )}
                  {r.batch_id && (
                    <>
                      {' '}
                      <Link href={`/statistics/imports/${r.batch_id}`}>{t('stats.history.batch')}</Link>
                    </>
                  )}
                </td>
                {props.canWrite && (
                  <td>
                    {i > 0 && !r.deleted && (
                      <Form action={`/statistics/observations/${o.id}/restore`}>
                        <input type="hidden" name="revision" value={String(r.id)} />
                        <Button variant="secondary">
                          {t('stats.history.restore', { no: r.revision_no })}
                        </Button>
                      </Form>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {props.canWrite && !o.deleted_at && (
        <section>
          <h2>{t('stats.history.deleteHeading')}</h2>
          <Form action={`/statistics/observations/${o.id}/delete`}>
            <TextField name="reason" label={t('stats.entry.reason')} maxLength={500} />
            <Button variant="danger">{t('stats.history.delete')}</Button>
          </Form>
        </section>
      )}
    </Layout>
  );
}
