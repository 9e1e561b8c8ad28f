import { formatDate, pick } from '../../../platform/i18n/format.ts';
import { Button, Form, Link, LocalizedText, Pagination } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { isPast } from '../model.ts';
import type { MeetingWithGroup } from '../repository.ts';
import { MeetingTime, StatusBadge } from './shared.tsx';

/**
 * Asks before deleting (a page of its own, so it works without JavaScript): what is deleted,
 * what follows, and the way back.
 */
export function MeetingDeletePage({ m }: { m: MeetingWithGroup }) {
  const { t, locale } = useCtx();
  const heading = t('meetings.delete.heading');
  const ahead = m.status === 'scheduled' && !isPast(m);
  return (
    <Layout title={heading} help="/help/user-manual-study-groups">
      <p class="breadcrumb">
        <Link href={`/study-groups/${m.group_id}`}>
          <LocalizedText picked={pick(m.group_title, locale, m.group_orig_locale)} />
        </Link>
      </p>
      <h1>{heading}</h1>
      <p class="lead">
        <strong>
          <LocalizedText picked={pick(m.title, locale, m.orig_locale)} />
        </strong>{' '}
        <StatusBadge m={m} />
        <br />
        <span class="meta">
          <MeetingTime iso={m.starts_at} />
        </span>
      </p>
      <p>{t('meetings.delete.lead')}</p>
      {ahead && <p>{t('meetings.delete.told')}</p>}
      <p>{t('meetings.delete.restore')}</p>
      <Form action={`/meetings/${m.id}/delete`}>
        <div class="actions">
          <Button variant="danger">{t('meetings.delete.button')}</Button>
          <Link href={`/meetings/${m.id}`}>{t('meetings.delete.back')}</Link>
        </div>
      </Form>
    </Layout>
  );
}

/** The Secretariat's list of deleted meetings, each with its way back. */
export function DeletedMeetingsPage(props: { meetings: MeetingWithGroup[]; page: number; pages: number }) {
  const { t, locale } = useCtx();
  const title = t('meetings.deletedList.title');
  return (
    <Layout title={title} help="/help/user-manual-study-groups">
      <p class="breadcrumb">
        <Link href="/meetings">{t('meetings.index.title')}</Link>
      </p>
      <h1>{title}</h1>
      <p class="lead">{t('meetings.deletedList.lead')}</p>
      {props.meetings.length === 0 ? (
        <p class="meta">{t('meetings.deletedList.empty')}</p>
      ) : (
        <ul class="plain-list meeting-list">
          {props.meetings.map((m) => (
            <li key={m.id}>
              <Link href={`/meetings/${m.id}`}>
                <LocalizedText picked={pick(m.title, locale, m.orig_locale)} />
              </Link>{' '}
              <StatusBadge m={m} />
              <br />
              <span class="meta">
                <MeetingTime iso={m.starts_at} />
                {' · '}
                <LocalizedText picked={pick(m.group_title, locale, m.group_orig_locale)} />
                {' · '}
                {t('meetings.deletedList.deletedOn', { date: formatDate(m.deleted_at!, locale) })}
              </span>
              <Form action={`/meetings/${m.id}/restore`} class="inline-form">
                <Button variant="secondary">{t('meetings.action.restore')}</Button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <Pagination page={props.page} pages={props.pages} base="/meetings/deleted" />
    </Layout>
  );
}
