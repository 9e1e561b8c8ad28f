import type { Translate } from '../../../platform/i18n/catalog.ts';
import { countryName, formatDate, formatDateTime } from '../../../platform/i18n/format.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import { Link, LocalizedText } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import {
  type Dashboard,
  type DashboardGroup,
  type DashboardItem,
  daysBetween,
  INACTIVE_DAYS,
} from '../model.ts';

/** The coordinator manual's chapter about this page. */
export const DASHBOARD_HELP = '/help/coordinator-manual-dashboard';

/** Reasons the documents feature gives for a file without text (its catalogue has a label each). */
const EXTRACTION_REASONS = new Set([
  'empty',
  'corrupt',
  'encrypted',
  'zipBomb',
  'mismatch',
  'timeout',
  'tooLarge',
  'noText',
  'missing',
]);

const URGENCY_BADGE = { overdue: 'badge badge--error', today: 'badge badge--warn', soon: 'badge' } as const;

interface Fmt {
  t: Translate;
  locale: Locale;
  tz: string;
  today: string;
}

const str = (v: string | number | null | undefined) => (v == null ? '' : String(v));
const num = (v: string | number | null | undefined) => Number(v ?? 0);

/** The line under an item's title: what it is and what to do, from the facts the service found. */
function itemMeta(item: DashboardItem, f: Fmt): string[] {
  const { t, locale, tz, today } = f;
  const date = (iso: string | null | number) => (iso ? formatDate(String(iso), locale, tz) : '');
  const country = (iso: string | null | number) => (iso ? countryName(String(iso), locale) : '');
  const x = item.facts;
  switch (item.kind) {
    case 'meeting':
      return [
        t('dashboard.meeting.when', { start: formatDateTime(item.date!, locale, tz), group: str(x.group) }),
        num(x.live)
          ? t('dashboard.meeting.live')
          : t(`dashboard.meeting.registration.${str(x.registration)}`),
      ];
    case 'consultation':
      return [
        t('dashboard.consultation.asked', { country: country(item.countryIso3), date: date(x.askedOn) }),
        x.deadline
          ? item.urgency === 'overdue'
            ? t('dashboard.consultation.overdue', {
                date: date(x.deadline),
                days: daysBetween(str(x.deadline), today),
              })
            : t('dashboard.consultation.deadline', { date: date(x.deadline) })
          : t('dashboard.consultation.noDeadline'),
      ];
    case 'invitation':
      return [
        `${str(x.email)} · ${t(`accounts.role.${str(x.role)}`)}`,
        t('dashboard.invitation.age', {
          days: daysBetween(str(x.invitedOn), today),
          date: date(x.invitedOn),
        }),
        num(x.expired) ? t('dashboard.invitation.expired') : t('dashboard.invitation.pending'),
      ];
    case 'cooperationInterest':
      return [
        t(`dashboard.cooperation.kind.${str(x.itemKind)}`),
        t('dashboard.cooperation.interest', { count: num(x.interests) }),
      ];
    case 'cooperationAgreed':
      return [
        t(`dashboard.cooperation.kind.${str(x.itemKind)}`),
        t('dashboard.cooperation.agreed', { country: country(x.partner) }),
      ];
    case 'import': {
      const status = str(x.status);
      const line =
        status === 'validated'
          ? num(x.warnings) > 0
            ? t('dashboard.import.warnings', { count: num(x.warnings) })
            : t('dashboard.import.ready')
          : status === 'invalid'
            ? t('dashboard.import.invalid', { count: num(x.errors) })
            : t('dashboard.import.failed');
      return [line, t('dashboard.import.uploaded', { date: date(x.uploadedOn) })];
    }
    case 'document': {
      const reason = EXTRACTION_REASONS.has(str(x.reason)) ? str(x.reason) : 'corrupt';
      return [
        t('dashboard.document.file', {
          file: str(x.file),
          reason: t(`documents.extraction.error.${reason}`),
        }),
        t('dashboard.document.action'),
      ];
    }
    case 'staleIndicator':
      return [t('dashboard.stale.latest', { period: str(x.latestPeriod), code: str(x.code) })];
    case 'countryWithoutCoordinator':
      return [t('dashboard.noCoordinator.action')];
    case 'inactiveCoordinator':
      return [
        country(item.countryIso3),
        x.lastSignIn
          ? t('dashboard.inactive.last', {
              date: date(x.lastSignIn),
              days: daysBetween(str(x.lastSignIn), today),
            })
          : t('dashboard.inactive.never', { date: date(x.designatedOn) }),
      ];
    case 'proposal':
      return [
        [
          x.status === 'under_evaluation'
            ? t('dashboard.proposal.underEvaluation')
            : t('dashboard.proposal.submitted'),
          item.countryIso3 ? country(item.countryIso3) : '',
          t('dashboard.proposal.since', { date: date(x.submittedOn) }),
        ]
          .filter(Boolean)
          .join(' · '),
        t('dashboard.proposal.supports', { count: num(x.supports) }),
      ];
    case 'failedMail':
      return [t('dashboard.mail.to', { to: str(x.to), date: date(item.date) }), str(x.error)];
    case 'failedJob':
      return [t('dashboard.job.when', { date: date(item.date), attempts: num(x.attempts) }), str(x.error)];
    default:
      return [];
  }
}

function Item({ item, fmt }: { item: DashboardItem; fmt: Fmt }) {
  const { t } = fmt;
  const badge = item.urgency === 'waiting' ? null : URGENCY_BADGE[item.urgency];
  const meta = itemMeta(item, fmt).filter(Boolean);
  return (
    <li class={`dash-item dash-item--${item.urgency}`}>
      <p class="dash-item__title">
        {badge && (
          <>
            <span class={badge}>{t(`dashboard.urgency.${item.urgency}`)}</span>{' '}
          </>
        )}
        {item.href ? (
          <Link href={item.href}>
            <LocalizedText picked={item.title} />
          </Link>
        ) : (
          <LocalizedText picked={item.title} />
        )}
      </p>
      {meta.map((line, i) => (
        <p key={i} class="meta dash-item__meta">
          {line}
        </p>
      ))}
    </li>
  );
}

function Group({ group, fmt, months }: { group: DashboardGroup; fmt: Fmt; months: number }) {
  const { t } = fmt;
  const id = `dash-${group.key}`;
  return (
    <section class="dash-group" aria-labelledby={id}>
      <h2 id={id}>
        {t(`dashboard.group.${group.key}`)}{' '}
        <span class="dash-count">{t('dashboard.group.count', { count: group.total })}</span>
      </h2>
      <p class="hint">{t(`dashboard.intro.${group.key}`, { months, days: INACTIVE_DAYS })}</p>
      <ol class="dash-list">
        {group.items.map((item) => (
          <Item key={`${item.kind}-${item.id}`} item={item} fmt={fmt} />
        ))}
      </ol>
      {group.moreHref && (
        <p>
          <Link href={group.moreHref}>{t('dashboard.group.more', { count: group.total })}</Link>
        </p>
      )}
    </section>
  );
}

export function DashboardPage({ dashboard, months }: { dashboard: Dashboard; months: number }) {
  const { t, locale, actor } = useCtx();
  const fmt: Fmt = { t, locale, tz: actor?.timezone ?? 'UTC', today: dashboard.today };
  const scope =
    actor?.role === 'coordinator' || actor?.role === 'editor'
      ? t(`dashboard.scope.${actor.role}`, { country: countryName(actor.countryIso3 ?? '', locale) })
      : actor?.role === 'secretariat'
        ? t('dashboard.scope.secretariat')
        : t('dashboard.scope.other');
  return (
    <Layout title={t('dashboard.title')} help={DASHBOARD_HELP}>
      <h1>{t('dashboard.title')}</h1>
      <p class="lead">{scope}</p>
      <p class="meta">{t('dashboard.today', { date: formatDate(`${dashboard.today}T12:00:00Z`, locale) })}</p>
      {dashboard.groups.length === 0 ? (
        <section class="dash-empty card" aria-labelledby="dash-empty">
          <h2 id="dash-empty">{t('dashboard.empty.heading')}</h2>
          <p>{t('dashboard.empty.body')}</p>
        </section>
      ) : (
        <>
          <nav class="dash-summary card" aria-labelledby="dash-summary">
            <h2 id="dash-summary">{t('dashboard.summary.total', { count: dashboard.total })}</h2>
            {dashboard.urgent > 0 && (
              <p>
                <strong>{t('dashboard.summary.urgent', { count: dashboard.urgent })}</strong>
              </p>
            )}
            <ul>
              {dashboard.groups.map((g) => (
                <li key={g.key}>
                  <a href={`#dash-${g.key}`}>{t(`dashboard.group.${g.key}`)}</a>{' '}
                  <span class="dash-count">{t('dashboard.group.count', { count: g.total })}</span>
                </li>
              ))}
            </ul>
          </nav>
          {dashboard.groups.map((g) => (
            <Group key={g.key} group={g} fmt={fmt} months={months} />
          ))}
        </>
      )}
    </Layout>
  );
}
