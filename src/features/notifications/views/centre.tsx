import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, formatDateTime } from '../../../platform/i18n/format.ts';
import { Button, ErrorSummary, Form, Link, Notice, Pagination } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { kindLabel, notificationTitle } from '../mail.ts';
import type { Frequency, NotificationView } from '../service.ts';

const HELP = '/help/user-manual-notifications';

export function CentrePage(props: {
  items: NotificationView[];
  page: number;
  pages: number;
  total: number;
  unread: number;
  unreadOnly: boolean;
  notice?: 'allRead' | null;
}) {
  const { t, locale, actor } = useCtx();
  const tz = actor?.timezone ?? 'UTC';
  const base = props.unreadOnly ? '/notifications?unread=1' : '/notifications';
  return (
    <Layout title={t('notifications.centre.title')} help={HELP}>
      <h1>{t('notifications.centre.title')}</h1>
      {props.notice === 'allRead' && <Notice>{t('notifications.centre.allReadDone')}</Notice>}
      <div class="notif-toolbar">
        <p class="meta">{t('notifications.centre.unreadCount', { count: props.unread })}</p>
        <nav aria-label={t('notifications.centre.filterLabel')}>
          <ul class="notif-filter">
            <li>
              <Link href="/notifications" aria-current={props.unreadOnly ? undefined : 'page'}>
                {t('notifications.centre.all')}
              </Link>
            </li>
            <li>
              <Link href="/notifications?unread=1" aria-current={props.unreadOnly ? 'page' : undefined}>
                {t('notifications.centre.unreadOnly')}
              </Link>
            </li>
          </ul>
        </nav>
        {props.unread > 0 && (
          <Form action="/notifications/read-all" class="inline-form">
            <Button variant="secondary">{t('notifications.centre.markAllRead')}</Button>
          </Form>
        )}
        <Link href="/notifications/preferences">{t('notifications.centre.preferencesLink')}</Link>
      </div>
      {props.items.length === 0 ? (
        <p>{props.unreadOnly ? t('notifications.centre.noneUnread') : t('notifications.centre.none')}</p>
      ) : (
        <ol class="notif-list">
          {props.items.map((n) => {
            const unread = !n.readAt;
            return (
              <li key={n.id} class={unread ? 'notif notif--unread' : 'notif'}>
                <Form action={`/notifications/${n.id}/open`} class="notif-open">
                  {unread && <span class="badge badge--warn">{t('notifications.centre.new')}</span>}{' '}
                  <button type="submit" class="link-button notif-title">
                    {notificationTitle(t, n.kind, JSON.stringify(n.params))}
                  </button>
                </Form>
                <p class="meta">
                  <time datetime={n.createdAt}>{formatDateTime(n.createdAt, locale, tz)}</time>
                  {n.countryIso3 && <> · {countryName(n.countryIso3, locale)}</>}
                  {unread && <span class="visually-hidden"> · {t('notifications.centre.unreadHint')}</span>}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      <Pagination page={props.page} pages={props.pages} base={base} />
    </Layout>
  );
}

export const FREQUENCY_CHOICES: Frequency[] = ['immediate', 'daily', 'weekly', 'off'];

export function PreferencesPage(props: {
  prefs: { kind: string; frequency: Frequency }[];
  saved?: boolean;
  errors?: FieldError[];
}) {
  const { t } = useCtx();
  return (
    <Layout title={t('notifications.prefs.title')} help={HELP} hasErrors={!!props.errors?.length}>
      <h1>{t('notifications.prefs.title')}</h1>
      {props.saved && <Notice>{t('notifications.prefs.saved')}</Notice>}
      <ErrorSummary errors={props.errors} />
      <p>{t('notifications.prefs.intro')}</p>
      <ul class="plain-list notif-legend">
        {FREQUENCY_CHOICES.map((f) => (
          <li key={f}>
            <strong>{t(`notifications.freq.${f}`)}</strong>: {t(`notifications.freqHint.${f}`)}
          </li>
        ))}
      </ul>
      {props.prefs.length === 0 ? (
        <p>{t('notifications.prefs.noKinds')}</p>
      ) : (
        <Form action="/notifications/preferences">
          {props.prefs.map((p) => {
            const name = `pref.${p.kind}`;
            const err = props.errors?.find((e) => e.field === name);
            const base = `f-pref-${p.kind.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
            return (
              <fieldset
                key={p.kind}
                class={err ? 'notif-pref field--error' : 'notif-pref'}
                id={`f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`}
              >
                <legend>{kindLabel(t, p.kind)}</legend>
                {err && <p class="field-error">{t(err.key)}</p>}
                <div class="notif-choices">
                  {FREQUENCY_CHOICES.map((f) => (
                    <div class="radio" key={f}>
                      <input
                        type="radio"
                        id={`${base}-${f}`}
                        name={name}
                        value={f}
                        checked={p.frequency === f}
                      />
                      <label for={`${base}-${f}`}>{t(`notifications.freq.${f}`)}</label>
                    </div>
                  ))}
                </div>
              </fieldset>
            );
          })}
          <Button>{t('notifications.prefs.save')}</Button>
        </Form>
      )}
      <p>
        <Link href="/notifications">{t('notifications.prefs.backToCentre')}</Link>
      </p>
    </Layout>
  );
}

export function UnsubscribePage(props: {
  token: string;
  label: string | null;
  done: boolean;
  invalid: boolean;
}) {
  const { t } = useCtx();
  const title = t('notifications.unsub.title');
  return (
    <Layout title={title} help={HELP}>
      <h1>{title}</h1>
      {props.invalid ? (
        <p>{t('notifications.unsub.invalid')}</p>
      ) : props.done ? (
        <>
          <Notice>
            {props.label
              ? t('notifications.unsub.doneKind', { kind: props.label })
              : t('notifications.unsub.doneAll')}
          </Notice>
          <p>
            <Link href="/notifications/preferences">{t('notifications.unsub.changeLater')}</Link>
          </p>
        </>
      ) : (
        <>
          <p>
            {props.label
              ? t('notifications.unsub.confirmKind', { kind: props.label })
              : t('notifications.unsub.confirmAll')}
          </p>
          <Form action={`/notifications/unsubscribe/${props.token}`}>
            <Button>{t('notifications.unsub.button')}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}
