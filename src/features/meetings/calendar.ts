import ical, { ICalEventStatus } from 'ical-generator';
import { markdownToText } from '../../platform/content/markdown.ts';
import type { Translate } from '../../platform/i18n/catalog.ts';
import { pick } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/locales.ts';
import { endsAt, videoUrl } from './model.ts';
import type { MeetingWithGroup } from './repository.ts';

export interface CalendarOptions {
  /** Calendar name (X-WR-CALNAME). */
  name: string;
  locale: Locale;
  t: Translate;
  baseUrl: string;
  jitsiBaseUrl: string;
  /** Meetings whose video address the reader may see (registered, or running the meeting). */
  withVideo: (m: MeetingWithGroup) => boolean;
  /** How long calendar apps wait before asking again, in seconds. */
  ttlSeconds?: number;
}

/**
 * An iCalendar file (RFC 5545) of meetings. Times are written in UTC, which every calendar
 * shows in its owner's zone; the host's zone is named in the description. The UID is stable, so
 * a moved meeting moves in the calendar and a cancelled one is marked cancelled.
 */
export function meetingsCalendar(meetings: MeetingWithGroup[], opts: CalendarOptions): string {
  const host = new URL(opts.baseUrl).hostname;
  const cal = ical({
    name: opts.name,
    prodId: { company: 'OAS IACML', product: 'SISMEL', language: opts.locale.toUpperCase() },
    ttl: opts.ttlSeconds ?? 3600,
  });
  for (const m of meetings) {
    const title = pick(m.title, opts.locale, m.orig_locale).text;
    const group = pick(m.group_title, opts.locale, m.group_orig_locale).text;
    const agenda = markdownToText(pick(m.agenda, opts.locale, m.orig_locale).text, 4000);
    const page = `${opts.baseUrl}/${opts.locale}/meetings/${m.id}`;
    const video = opts.withVideo(m) ? videoUrl(opts.jitsiBaseUrl, m.video_room) : null;
    const description = [
      opts.t('meetings.ics.group', { group }),
      opts.t('meetings.ics.hostZone', { zone: m.host_tz }),
      video ? opts.t('meetings.ics.video', { url: video }) : null,
      agenda ? `\n${agenda}` : null,
      `\n${page}`,
    ]
      .filter(Boolean)
      .join('\n');
    cal.createEvent({
      id: `meeting-${m.id}@${host}`,
      start: new Date(m.starts_at),
      end: new Date(endsAt(m)),
      stamp: new Date(m.updated_at),
      lastModified: new Date(m.updated_at),
      created: new Date(m.created_at),
      summary: title,
      description,
      location: video ?? opts.t('meetings.ics.online'),
      url: page,
      status: m.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // Each change bumps the sequence, so calendar apps take the newer copy.
      sequence: Math.max(0, Math.floor((Date.parse(m.updated_at) - Date.parse(m.created_at)) / 1000)),
    });
  }
  return cal.toString();
}
