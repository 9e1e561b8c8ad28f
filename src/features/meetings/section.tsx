import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { Link } from '../../views/components.tsx';
import { useCtx } from '../../views/context.ts';
import { type GroupForSection, registerGroupSection } from '../study-groups/service.ts';
import { type MeetingCounts, type MeetingWithGroup, meetingRepository } from './repository.ts';
import { MeetingList } from './views/shared.tsx';

const PAST_SHOWN = 5;

interface SectionData {
  groupId: number;
  upcoming: MeetingWithGroup[];
  past: MeetingWithGroup[];
  morePast: boolean;
  counts: Map<number, MeetingCounts>;
  canSchedule: boolean;
}

function MeetingsSection({ data }: { data: SectionData }) {
  const { t, locale } = useCtx();
  return (
    <>
      <h2>{t('meetings.section.heading')}</h2>
      {data.canSchedule && (
        <p>
          <Link href={`/study-groups/${data.groupId}/meetings/new`} class="button button--primary">
            {t('meetings.section.schedule')}
          </Link>
        </p>
      )}
      <h3>{t('meetings.section.upcoming')}</h3>
      {data.upcoming.length ? (
        <MeetingList meetings={data.upcoming} counts={data.counts} showGroup={false} />
      ) : (
        <p class="meta">{t('meetings.section.noUpcoming')}</p>
      )}
      {data.past.length > 0 && (
        <>
          <h3>{t('meetings.section.past')}</h3>
          <MeetingList meetings={data.past} showGroup={false} />
          {data.morePast && (
            <p>
              <Link href={`/meetings?group=${data.groupId}`}>{t('meetings.section.allPast')}</Link>
            </p>
          )}
        </>
      )}
      <p class="meta">
        <a href={`/${locale}/study-groups/${data.groupId}/calendar.ics`}>{t('meetings.section.calendar')}</a>
      </p>
    </>
  );
}

/** The group page shows the group's upcoming and recent meetings. */
registerGroupSection<SectionData>({
  id: 'meetings',
  order: 35,
  async load(deps: AppDeps, _actor: Actor | null, group: GroupForSection) {
    const repo = meetingRepository(deps.db);
    const now = nowIso();
    const [upcoming, past] = await Promise.all([
      repo.upcoming({ now, groupId: group.id, limit: 20 }),
      repo.past({ now, groupId: group.id, offset: 0, limit: PAST_SHOWN + 1 }),
    ]);
    const canSchedule = group.viewerIsModerator && group.status === 'active';
    return {
      groupId: group.id,
      upcoming,
      past: past.slice(0, PAST_SHOWN),
      morePast: past.length > PAST_SHOWN,
      counts: await repo.counts(upcoming.map((m) => m.id)),
      canSchedule,
    };
  },
  render: (data) => <MeetingsSection data={data} />,
});
