import { renderMarkdown } from '../../../platform/content/markdown.ts';
import { countryName, formatDate, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES } from '../../../platform/i18n/locales.ts';
import { Button, Form, Link, LocalizedText, Notice } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { hasStarted, isPast } from '../model.ts';
import type { MeetingCounts, MeetingWithGroup, PersonRow, RegistrationRow } from '../repository.ts';
import type { MeetingAccess } from '../service.ts';
import { formatMeetingTime } from '../time.ts';
import { MeetingTime, StatusBadge } from './shared.tsx';

export interface MeetingPageProps {
  m: MeetingWithGroup;
  access: MeetingAccess;
  counts: MeetingCounts;
  /** For those who run the meeting: everyone registered and waiting. */
  registrations: RegistrationRow[] | null;
  /** For members and those who run the meeting, once it has started. */
  attendance: (PersonRow & { source: string })[] | null;
  videoUrl: string | null;
  notice?: string;
  /** A deleted meeting, shown to the Secretariat only: with the button that restores it. */
  canRestore?: boolean;
}

function Person({ p }: { p: PersonRow }) {
  const { locale } = useCtx();
  return (
    <>
      {p.name}
      {p.country_iso3 && <span class="meta"> — {countryName(p.country_iso3, locale)}</span>}
    </>
  );
}

export function MeetingPage(props: MeetingPageProps) {
  const { t, locale } = useCtx();
  const { m, access, counts } = props;
  const title = pick(m.title, locale, m.orig_locale);
  const agenda = pick(m.agenda, locale, m.orig_locale);
  const minutes = m.minutes_published_at ? pick(m.minutes, locale, m.minutes_locale ?? m.orig_locale) : null;
  const started = hasStarted(m);
  const over = isPast(m);
  return (
    <Layout title={title.text} help="/help/user-manual-study-groups">
      <p class="breadcrumb">
        <Link href={`/study-groups/${m.group_id}`}>
          <LocalizedText picked={pick(m.group_title, locale, m.group_orig_locale)} />
        </Link>
      </p>
      <h1>
        <LocalizedText picked={title} /> <StatusBadge m={m} />
      </h1>
      {props.notice && <Notice>{t(`meetings.notice.${props.notice}`)}</Notice>}
      {m.status === 'cancelled' && <Notice kind="warning">{t('meetings.cancelledNotice')}</Notice>}
      {m.deleted_at && (
        <Notice kind="warning">
          {t('meetings.deletedNotice', { date: formatDate(m.deleted_at, locale) })}
        </Notice>
      )}
      {m.deleted_at && props.canRestore && (
        <Form action={`/meetings/${m.id}/restore`} class="inline-form">
          <Button>{t('meetings.action.restore')}</Button>
        </Form>
      )}

      <dl class="summary-list">
        <dt>{t('meetings.field.when')}</dt>
        <dd>
          <MeetingTime iso={m.starts_at} />
        </dd>
        <dt>{t('meetings.field.hostTime')}</dt>
        <dd>
          {formatMeetingTime(m.starts_at, locale, m.host_tz)} <span class="meta">({m.host_tz})</span>
        </dd>
        <dt>{t('meetings.summary.duration')}</dt>
        <dd>{t('meetings.durationValue', { minutes: m.duration_minutes })}</dd>
        <dt>{t('meetings.field.seats')}</dt>
        <dd>
          {m.capacity === null
            ? t('meetings.seats.unlimited', { registered: counts.registered })
            : t('meetings.seats.limited', { registered: counts.registered, capacity: m.capacity })}
          {counts.waitlisted > 0 && <> · {t('meetings.seats.waiting', { count: counts.waitlisted })}</>}
        </dd>
        {access.registration && (
          <>
            <dt>{t('meetings.field.yourRegistration')}</dt>
            <dd>
              <strong>{t(`meetings.registration.${access.registration}`)}</strong>
            </dd>
          </>
        )}
      </dl>

      <div class="actions meeting-actions">
        {access.canRegister && !access.registration && (
          <Form action={`/meetings/${m.id}/register`} class="inline-form">
            <Button>
              {m.capacity !== null && counts.registered >= m.capacity
                ? t('meetings.action.joinWaitlist')
                : t('meetings.action.register')}
            </Button>
          </Form>
        )}
        {access.registration && !over && m.status === 'scheduled' && (
          <Form action={`/meetings/${m.id}/unregister`} class="inline-form">
            <Button variant="secondary">
              {access.registration === 'waitlisted'
                ? t('meetings.action.leaveWaitlist')
                : t('meetings.action.unregister')}
            </Button>
          </Form>
        )}
        {access.canEnterLive && (
          <Link href={`/meetings/${m.id}/live`} class="button button--primary">
            {t('meetings.action.live')}
          </Link>
        )}
        {props.videoUrl && (
          <a href={props.videoUrl} class="button button--secondary" target="_blank" rel="noopener noreferrer">
            {t('meetings.action.video')}
          </a>
        )}
        {!m.deleted_at && (
          <a href={`/${locale}/meetings/${m.id}.ics`} class="button button--secondary" download>
            {t('meetings.action.ics')}
          </a>
        )}
      </div>
      {!access.canRegister &&
        !access.registration &&
        !access.canManage &&
        !m.deleted_at &&
        m.status === 'scheduled' &&
        !over && <p class="meta">{t('meetings.registerWho')}</p>}

      {(access.canManage || access.canDelete) && (
        <p class="manage-link">
          {[
            access.canManage && m.status === 'scheduled' && (
              <Link href={`/meetings/${m.id}/edit`}>{t('meetings.action.edit')}</Link>
            ),
            access.canManage && started && (
              <Link href={`/meetings/${m.id}/minutes`}>{t('meetings.action.minutes')}</Link>
            ),
            access.canManage && started && (
              <Link href={`/meetings/${m.id}/attendance`}>{t('meetings.action.attendance')}</Link>
            ),
            access.canDelete && <Link href={`/meetings/${m.id}/delete`}>{t('meetings.action.delete')}</Link>,
          ]
            .filter(Boolean)
            .flatMap((link, i) => (i === 0 ? [link] : [' · ', link]))}
        </p>
      )}

      <h2>{t('meetings.agenda')}</h2>
      {agenda.text ? (
        <div
          class="prose"
          lang={agenda.lang}
          dangerouslySetInnerHTML={{ __html: renderMarkdown(agenda.text, { minHeadingLevel: 3 }) }}
        />
      ) : (
        <p class="meta">{t('meetings.noAgenda')}</p>
      )}

      {minutes && (
        <section aria-labelledby="minutes-heading">
          <h2 id="minutes-heading">{t('meetings.minutes')}</h2>
          {minutes.fallback && (
            <p class="fallback-note">
              {t('meetings.minutesLanguage', { language: LOCALE_NAMES[minutes.lang] })}
            </p>
          )}
          <div
            class="prose"
            lang={minutes.lang}
            dangerouslySetInnerHTML={{ __html: renderMarkdown(minutes.text, { minHeadingLevel: 3 }) }}
          />
        </section>
      )}

      {props.registrations && (
        <section aria-labelledby="registered-heading">
          <h2 id="registered-heading">{t('meetings.registered')}</h2>
          {props.registrations.length === 0 ? (
            <p class="meta">{t('meetings.nobodyRegistered')}</p>
          ) : (
            <ol class="registration-list">
              {props.registrations.map((r) => (
                <li key={r.user_id}>
                  <Person p={r} />{' '}
                  {r.status === 'waitlisted' && (
                    <span class="badge">{t('meetings.registration.waitlisted')}</span>
                  )}
                </li>
              ))}
            </ol>
          )}
        </section>
      )}

      {props.attendance && started && (
        <section aria-labelledby="attendance-heading">
          <h2 id="attendance-heading">{t('meetings.attendanceHeading')}</h2>
          {props.attendance.length === 0 ? (
            <p class="meta">{t('meetings.noAttendance')}</p>
          ) : (
            <ul class="plain-list">
              {props.attendance.map((a) => (
                <li key={a.user_id}>
                  <Person p={a} /> <span class="meta">({t(`meetings.attendanceSource.${a.source}`)})</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </Layout>
  );
}
