import type { Outbox } from './types.ts';
import { formatNumber } from '../../../platform/i18n/format.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { Button, Form, Link, Pagination, Select } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { OUTBOX_STATUSES, type OutboxStatus, outboxStatus } from '../repository.ts';

const BADGE: Record<OutboxStatus, string> = {
  sent: 'badge badge--ok',
  pending: 'badge',
  error: 'badge badge--error',
};

function StatusBadge({ row }: { row: { sent_at: string | null; error: string | null } }) {
  const { t } = useCtx();
  const s = outboxStatus(row);
  return <span class={BADGE[s]}>{t(`admin.outbox.status.${s}`)}</span>;
}

export interface OutboxPageProps {
  status?: OutboxStatus;
  result: { rows: Omit<Outbox, 'text_body' | 'headers'>[]; total: number; page: number; pages: number };
}

export function OutboxPage(props: OutboxPageProps) {
  const { t, locale, actor } = useCtx();
  const tz = actor?.timezone ?? 'UTC';
  const base = `/admin/outbox${props.status ? `?status=${props.status}` : ''}`;
  return (
    <Layout title={t('admin.outbox.title')} help="/help/secretariat-guide-outbox">
      <p class="meta">
        <Link href="/admin">{t('admin.home.title')}</Link>
      </p>
      <h1>{t('admin.outbox.title')}</h1>
      <p class="lead">{t('admin.outbox.lead')}</p>
      <Form action="/admin/outbox" method="get" class="filters" aria-label={t('admin.filters')}>
        <Select
          name="status"
          label={t('admin.outbox.statusLabel')}
          value={props.status}
          empty={t('admin.all')}
          options={OUTBOX_STATUSES.map((s) => ({ value: s, label: t(`admin.outbox.status.${s}`) }))}
        />
        <div class="actions">
          <Button>{t('admin.filter')}</Button>
        </div>
      </Form>
      <p>
        {t('admin.outbox.count', {
          count: props.result.total,
          shown: formatNumber(props.result.total, locale),
        })}
      </p>
      {props.result.rows.length > 0 && (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{t('admin.outbox.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.outbox.to')}</th>
                <th scope="col">{t('admin.outbox.subject')}</th>
                <th scope="col">{t('admin.outbox.created')}</th>
                <th scope="col">{t('admin.outbox.statusLabel')}</th>
              </tr>
            </thead>
            <tbody>
              {props.result.rows.map((m) => (
                <tr key={m.id}>
                  <td>{m.to_address}</td>
                  <td>
                    <Link href={`/admin/outbox/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td>
                    <time dateTime={m.created_at}>{formatDateTime(m.created_at, locale, tz)}</time>
                  </td>
                  <td>
                    <StatusBadge row={m} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={props.result.page} pages={props.result.pages} base={base} />
    </Layout>
  );
}

export function OutboxMessagePage({ message }: { message: Outbox }) {
  const { t, locale, actor } = useCtx();
  const tz = actor?.timezone ?? 'UTC';
  return (
    <Layout title={message.subject} help="/help/secretariat-guide-outbox">
      <p class="meta">
        <Link href="/admin/outbox">{t('admin.outbox.title')}</Link>
      </p>
      <h1>{message.subject}</h1>
      <dl class="country-facts">
        <div>
          <dt>{t('admin.outbox.to')}</dt>
          <dd>{message.to_address}</dd>
        </div>
        <div>
          <dt>{t('admin.outbox.created')}</dt>
          <dd>
            <time dateTime={message.created_at}>{formatDateTime(message.created_at, locale, tz)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('admin.outbox.statusLabel')}</dt>
          <dd>
            <StatusBadge row={message} />
            {message.sent_at && (
              <>
                {' '}
                <time dateTime={message.sent_at}>{formatDateTime(message.sent_at, locale, tz)}</time>
              </>
            )}
          </dd>
        </div>
        {message.error && (
          <div>
            <dt>{t('admin.outbox.error')}</dt>
            <dd>{message.error}</dd>
          </div>
        )}
      </dl>
      <h2>{t('admin.outbox.body')}</h2>
      <pre class="mail-body">{message.text_body}</pre>
    </Layout>
  );
}
