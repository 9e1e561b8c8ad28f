import { Button, Form, Link, Notice, Pagination } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { MeetingCounts, MeetingWithGroup } from '../repository.ts';
import { MeetingList } from './shared.tsx';

export interface MeetingsIndexProps {
  upcoming: MeetingWithGroup[];
  counts: Map<number, MeetingCounts>;
  mine: (MeetingWithGroup & { registration_status: string })[] | null;
  past: MeetingWithGroup[];
  page: number;
  pages: number;
  /** The signed-in reader's private feed address. */
  feedUrl: string | null;
  /** The Secretariat: a link to the deleted meetings, to restore them. */
  showDeleted?: boolean;
  notice?: string;
}

export function MeetingsIndexPage(props: MeetingsIndexProps) {
  const { t } = useCtx();
  return (
    <Layout title={t('meetings.index.title')} help="/help/user-manual-study-groups">
      <h1>{t('meetings.index.title')}</h1>
      <p class="lead">{t('meetings.index.lead')}</p>
      {props.notice && <Notice>{t(`meetings.notice.${props.notice}`)}</Notice>}
      {props.mine && (
        <section aria-labelledby="mine-heading">
          <h2 id="mine-heading">{t('meetings.index.mine')}</h2>
          {props.mine.length ? (
            <MeetingList meetings={props.mine} />
          ) : (
            <p class="meta">{t('meetings.index.mineEmpty')}</p>
          )}
        </section>
      )}
      {props.feedUrl && (
        <section aria-labelledby="feed-heading" class="card calendar-feed">
          <h2 id="feed-heading">{t('meetings.feed.heading')}</h2>
          <p>{t('meetings.feed.lead')}</p>
          <p>
            <label for="calendar-feed-url">{t('meetings.feed.address')}</label>
            <input id="calendar-feed-url" class="input" type="text" readonly value={props.feedUrl} />
          </p>
          <p class="hint">{t('meetings.feed.private')}</p>
          <Form
            action="/meetings/calendar-token"
            class="inline-form"
            data-confirm={t('meetings.feed.resetConfirm')}
          >
            <Button variant="secondary">{t('meetings.feed.reset')}</Button>
          </Form>
        </section>
      )}
      <section aria-labelledby="upcoming-heading">
        <h2 id="upcoming-heading">{t('meetings.index.upcoming')}</h2>
        {props.upcoming.length ? (
          <MeetingList meetings={props.upcoming} counts={props.counts} />
        ) : (
          <p class="meta">{t('meetings.index.upcomingEmpty')}</p>
        )}
      </section>
      <section aria-labelledby="past-heading">
        <h2 id="past-heading">{t('meetings.index.past')}</h2>
        {props.past.length ? (
          <MeetingList meetings={props.past} />
        ) : (
          <p class="meta">{t('meetings.index.pastEmpty')}</p>
        )}
        <Pagination page={props.page} pages={props.pages} base="/meetings" />
      </section>
      <p>
        <Link href="/study-groups">{t('meetings.index.groups')}</Link>
        {props.showDeleted && (
          <>
            {' · '}
            <Link href="/meetings/deleted">{t('meetings.deletedList.title')}</Link>
          </>
        )}
      </p>
    </Layout>
  );
}
