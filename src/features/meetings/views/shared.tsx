import { Link, LocalizedText } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { pick } from '../../../platform/i18n/format.ts';
import type { MeetingCounts, MeetingWithGroup } from '../repository.ts';
import { formatMeetingTime } from '../time.ts';

/** The zone a reader sees times in: their profile's, or UTC for visitors. */
export function useViewerZone(): string {
  return useCtx().actor?.timezone || 'UTC';
}

/** A start time in the reader's zone, with the zone named. */
export function MeetingTime({ iso }: { iso: string }) {
  const { locale } = useCtx();
  const zone = useViewerZone();
  return (
    <time datetime={iso}>
      {formatMeetingTime(iso, locale, zone)}
      {zone !== 'UTC' && (
        <>
          {' '}
          <span class="meta">({zone})</span>
        </>
      )}
    </time>
  );
}

export function StatusBadge({ m }: { m: MeetingWithGroup }) {
  const { t } = useCtx();
  if (m.status === 'cancelled')
    return <span class="badge badge--error">{t('meetings.status.cancelled')}</span>;
  return null;
}

export function MeetingList({
  meetings,
  counts,
  showGroup = true,
}: {
  meetings: (MeetingWithGroup & { registration_status?: string })[];
  counts?: Map<number, MeetingCounts>;
  showGroup?: boolean;
}) {
  const { t, locale } = useCtx();
  return (
    <ul class="plain-list meeting-list">
      {meetings.map((m) => {
        const c = counts?.get(m.id);
        return (
          <li key={m.id}>
            <Link href={`/meetings/${m.id}`}>
              <LocalizedText picked={pick(m.title, locale, m.orig_locale)} />
            </Link>{' '}
            <StatusBadge m={m} />
            {m.registration_status && (
              <span class="badge badge--ok">{t(`meetings.registration.${m.registration_status}`)}</span>
            )}
            <br />
            <span class="meta">
              <MeetingTime iso={m.starts_at} />
              {' · '}
              {t('meetings.durationValue', { minutes: m.duration_minutes })}
              {showGroup && (
                <>
                  {' · '}
                  <LocalizedText picked={pick(m.group_title, locale, m.group_orig_locale)} />
                </>
              )}
              {c && (
                <>
                  {' · '}
                  {m.capacity === null
                    ? t('meetings.seats.unlimited', { registered: c.registered })
                    : t('meetings.seats.limited', { registered: c.registered, capacity: m.capacity })}
                </>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
