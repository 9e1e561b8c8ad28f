import type { AppDeps } from '../../app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { actsForCountry, isSecretariat, isStaff } from '../../platform/auth/policy.ts';
import { countryName, type Picked, pick } from '../../platform/i18n/format.ts';
import type { Locale } from '../../platform/i18n/locales.ts';
import { itemPath } from '../cooperation/model.ts';
import { parseReport } from '../statistics/import/service.ts';
import {
  addDays,
  type Dashboard,
  type DashboardGroup,
  type DashboardItem,
  dayIn,
  deadlineUrgency,
  GROUPS,
  type GroupKey,
  INACTIVE_DAYS,
  ITEMS_PER_GROUP,
  MEETING_DAYS,
  monthsBefore,
  periodEnd,
  urgencyRank,
} from './model.ts';
import { dashboardRepository, totalOf } from './repository.ts';

type Deps = Pick<AppDeps, 'db' | 'config'>;

/** A plain text shown as is (names, file names, codes): not translatable content. */
function plain(text: string, locale: Locale): Picked {
  return { text, lang: locale, fallback: false };
}

/** Sorts items most urgent first, then by date (undated last), then by id. */
function byUrgency(a: DashboardItem, b: DashboardItem): number {
  return (
    urgencyRank(a.urgency) - urgencyRank(b.urgency) ||
    (a.date ?? '\uffff').localeCompare(b.date ?? '\uffff') ||
    a.id.localeCompare(b.id, 'en', { numeric: true })
  );
}

function group(
  key: GroupKey,
  items: DashboardItem[],
  total: number,
  moreHref: string | null,
): DashboardGroup {
  return { key, items, total, moreHref: total > items.length ? moreHref : null };
}

/**
 * What needs this person now. Coordinators: their country's invitations, consultations to
 * answer, cooperation, uploads, documents and stale indicators. Editors: the same for what is
 * theirs (their uploads, documents and cooperation items; their country's consultations). The
 * Secretariat: the hemisphere (countries without a coordinator, inactive coordinators, proposals
 * awaiting an answer) and, with administrators, undelivered e-mail and failed jobs. Everyone:
 * the meetings of their groups in the coming days.
 *
 * A coordinator or editor only ever sees their own country's things: every country-scoped query
 * takes the actor's country, after `actsForCountry` has confirmed it.
 */
export async function dashboardFor(
  deps: Deps,
  actor: Actor,
  options: { locale?: Locale; now?: Date } = {},
): Promise<Dashboard> {
  const repo = dashboardRepository(deps.db);
  const locale = options.locale ?? actor.locale;
  const now = options.now ?? new Date();
  const today = dayIn(now, actor.timezone);
  const nowIso = now.toISOString();
  const country = actor.countryIso3 && actsForCountry(actor, actor.countryIso3) ? actor.countryIso3 : null;
  const coordinator = actor.role === 'coordinator' && country !== null;
  const editor = actor.role === 'editor' && country !== null;
  const limit = ITEMS_PER_GROUP;

  const tasks: Promise<DashboardGroup>[] = [];

  // ---------------------------------------------------------------- meetings (everyone)
  tasks.push(
    (async () => {
      // Meetings last at most 12 hours: one that started earlier has ended.
      const from = new Date(now.getTime() - 12 * 3600_000).toISOString();
      const to = `${addDays(today, MEETING_DAYS + 1)}T12:00:00.000Z`;
      const rows = (await repo.meetingsOf(actor.id, from, to)).filter(
        (m) => Date.parse(m.starts_at) + m.duration_minutes * 60_000 >= now.getTime(),
      );
      const lastDay = addDays(today, MEETING_DAYS);
      const items = rows
        .filter((m) => dayIn(new Date(m.starts_at), actor.timezone) < lastDay)
        .map(
          (m): DashboardItem => ({
            kind: 'meeting',
            id: String(m.id),
            title: pick(m.title, locale, m.orig_locale),
            href: `/meetings/${m.id}`,
            date: m.starts_at,
            urgency:
              Date.parse(m.starts_at) <= now.getTime() ||
              dayIn(new Date(m.starts_at), actor.timezone) === today
                ? 'today'
                : 'soon',
            countryIso3: null,
            facts: {
              group: pick(m.group_title, locale, m.group_orig_locale).text,
              registration:
                m.registration === 'registered' || m.registration === 'waitlisted' ? m.registration : 'none',
              live: Date.parse(m.starts_at) <= now.getTime() ? 1 : 0,
            },
          }),
        );
      return group('meetings', items.slice(0, limit), items.length, '/meetings');
    })(),
  );

  // ---------------------------------------------------------------- consultations to answer
  if (country && (coordinator || editor)) {
    tasks.push(
      repo.consultationsToAnswer(country, limit).then((rows) =>
        group(
          'consultations',
          rows.map((c) => ({
            kind: 'consultation',
            id: String(c.id),
            title: pick(c.title, locale, c.orig_locale),
            href: `/consultations/${c.id}#answer-form-heading`,
            date: c.deadline,
            urgency: deadlineUrgency(c.deadline, today),
            countryIso3: c.country_iso3,
            facts: { deadline: c.deadline, askedOn: c.created_at },
          })),
          totalOf(rows),
          '/consultations?mine=1&state=open',
        ),
      ),
    );
  }

  // ---------------------------------------------------------------- invitations (coordinators)
  if (coordinator && country) {
    tasks.push(
      repo.invitations(country, limit).then((rows) =>
        group(
          'invitations',
          rows.map((u) => {
            const sent = (u.last_sent_at as string | null) ?? u.created_at;
            const expires = u.expires_at as string | null;
            return {
              kind: 'invitation',
              id: String(u.id),
              title: plain(u.name, locale),
              href: `/countries/${country}/people`,
              date: u.created_at,
              urgency: 'waiting',
              countryIso3: country,
              facts: {
                email: u.email,
                role: u.role,
                invitedOn: u.created_at,
                lastSentOn: sent,
                expired: !expires || expires < nowIso ? 1 : 0,
              },
            } satisfies DashboardItem;
          }),
          totalOf(rows),
          `/countries/${country}/people`,
        ),
      ),
    );
  }

  // ---------------------------------------------------------------- cooperation
  if (country && (coordinator || editor)) {
    tasks.push(
      repo.cooperationWaiting(coordinator ? { country } : { createdBy: actor.id }, 100).then((rows) => {
        const items = rows
          .map((i): DashboardItem => {
            const interest = i.status === 'proposed';
            const partner = i.country_iso3 === country ? i.partner_country_iso3 : i.country_iso3;
            return {
              kind: interest ? 'cooperationInterest' : 'cooperationAgreed',
              id: String(i.id),
              title: pick(i.title, locale, i.orig_locale),
              href: `${itemPath(i)}${interest ? '#coop-interest' : '#coop-manage'}`,
              date: interest ? ((i.last_interest_at as string | null) ?? i.updated_at) : i.updated_at,
              urgency: 'waiting',
              countryIso3: i.country_iso3,
              facts: {
                itemKind: i.kind,
                interests: Number(i.interest_count ?? 0),
                partner: interest ? null : partner,
              },
            };
          })
          .sort(byUrgency);
        return group('cooperation', items.slice(0, limit), totalOf(rows), '/cooperation');
      }),
    );
  }

  // ---------------------------------------------------------------- uploads left unapplied
  if (country && (coordinator || editor)) {
    tasks.push(
      repo.importsLeft({ country: coordinator ? country : null, uploadedBy: actor.id }, limit).then((rows) =>
        group(
          'imports',
          rows.map((imp) => {
            const report = parseReport(imp);
            return {
              kind: 'import',
              id: imp.id,
              title: plain(imp.filename, locale),
              href: `/statistics/imports/${imp.id}`,
              date: imp.created_at,
              urgency: 'waiting',
              countryIso3: country,
              facts: {
                status: imp.status,
                warnings: report.warningCount,
                errors: report.errorCount,
                uploadedOn: imp.created_at,
              },
            } satisfies DashboardItem;
          }),
          totalOf(rows),
          '/statistics/imports',
        ),
      ),
    );
  }

  // ---------------------------------------------------------------- documents without text
  if (country && (coordinator || editor)) {
    tasks.push(
      repo.failedExtractions(coordinator ? { country } : { userId: actor.id }, limit).then((rows) =>
        group(
          'documents',
          rows.map((d) => ({
            kind: 'document',
            id: String(d.file_id),
            title: pick(d.title, locale, d.orig_locale),
            href: `/documents/${d.id}#doc-manage`,
            date: d.created_at,
            urgency: 'waiting',
            countryIso3: d.country_iso3,
            facts: { file: d.original_name, reason: d.extraction_error ?? 'corrupt', documentId: d.id },
          })),
          totalOf(rows),
          '/documents/manage',
        ),
      ),
    );
  }

  // ---------------------------------------------------------------- stale indicators (coordinators)
  if (coordinator && country) {
    const months = deps.config.staleIndicatorMonths;
    const cutoff = monthsBefore(today, months);
    tasks.push(
      repo.latestPeriods(country).then((rows) => {
        const items = rows
          .map((ind) => ({ ind, latest: ind.latest_period as string | null }))
          .filter(({ latest }) => {
            const end = latest ? periodEnd(latest) : null;
            return end !== null && end < cutoff;
          })
          .map(
            ({ ind, latest }): DashboardItem => ({
              kind: 'staleIndicator',
              id: String(ind.id),
              title: pick(ind.name, locale, ind.orig_locale),
              href: `/statistics/entry/${ind.code}/${country}`,
              date: periodEnd(latest!),
              urgency: 'waiting',
              countryIso3: country,
              facts: { code: ind.code, latestPeriod: latest, months },
            }),
          )
          .sort(byUrgency);
        return group(
          'staleIndicators',
          items.slice(0, limit),
          items.length,
          `/statistics/entry?country=${country}`,
        );
      }),
    );
  }

  // ---------------------------------------------------------------- the hemisphere (Secretariat)
  if (isSecretariat(actor)) {
    tasks.push(
      repo.countriesWithoutCoordinator().then((rows) =>
        group(
          'countriesWithoutCoordinator',
          rows
            .map((c) => ({ iso3: c.iso3, name: countryName(c.iso3, locale) }))
            .sort((a, b) => a.name.localeCompare(b.name, locale))
            .slice(0, limit)
            .map((c) => ({
              kind: 'countryWithoutCoordinator',
              id: c.iso3,
              title: plain(c.name, locale),
              href: `/countries/${c.iso3}/coordinator`,
              date: null,
              urgency: 'waiting',
              countryIso3: c.iso3,
              facts: {},
            })),
          rows.length,
          '/countries',
        ),
      ),
    );
    const cutoff = new Date(now.getTime() - INACTIVE_DAYS * 86_400_000).toISOString();
    tasks.push(
      repo.inactiveCoordinators(cutoff, limit).then((rows) =>
        group(
          'inactiveCoordinators',
          rows.map((u) => ({
            kind: 'inactiveCoordinator',
            id: String(u.id),
            title: plain(u.name, locale),
            href: `/countries/${u.country_iso3}/coordinator`,
            date: u.last_login_at ?? u.started_at,
            urgency: 'waiting',
            countryIso3: u.country_iso3,
            facts: { lastSignIn: u.last_login_at, designatedOn: u.started_at, days: INACTIVE_DAYS },
          })),
          totalOf(rows),
          '/countries',
        ),
      ),
    );
    tasks.push(
      repo.openProposals(limit).then((rows) =>
        group(
          'proposals',
          rows.map((p) => ({
            kind: 'proposal',
            id: String(p.id),
            title: pick(p.title, locale, p.orig_locale),
            href: `/proposals/${p.id}/decision`,
            date: p.created_at,
            urgency: 'waiting',
            countryIso3: p.country_iso3,
            facts: { status: p.status, supports: p.support_count, submittedOn: p.created_at },
          })),
          totalOf(rows),
          '/proposals',
        ),
      ),
    );
  }

  // ---------------------------------------------------------------- operations (staff)
  if (isStaff(actor)) {
    tasks.push(
      repo.failedMail(limit).then((rows) =>
        group(
          'failedMail',
          rows.map((m) => ({
            kind: 'failedMail',
            id: String(m.id),
            title: plain(m.subject, locale),
            href: `/admin/outbox/${m.id}`,
            date: m.created_at,
            urgency: 'waiting',
            countryIso3: null,
            facts: { to: m.to_address, error: m.error },
          })),
          totalOf(rows),
          '/admin/outbox?status=error',
        ),
      ),
    );
    tasks.push(
      (async () => {
        const rows = await repo.failedJobs(limit);
        const payloads = rows.map((j) => {
          try {
            return JSON.parse(j.payload) as Record<string, unknown>;
          } catch {
            return {};
          }
        });
        const fileIds = payloads
          .map((p, i) =>
            rows[i]!.kind === 'documents.extract' && typeof p.fileId === 'number' ? p.fileId : null,
          )
          .filter((id): id is number => id !== null);
        const docOf = new Map((await repo.documentsOfFiles(fileIds)).map((f) => [f.id, f.document_id]));
        const items = rows.map((j, i): DashboardItem => {
          const p = payloads[i]!;
          let href: string | null = null;
          if (j.kind === 'mail.deliver' && typeof p.outboxId === 'number')
            href = `/admin/outbox/${p.outboxId}`;
          const doc = typeof p.fileId === 'number' ? docOf.get(p.fileId) : undefined;
          if (j.kind === 'documents.extract' && doc) href = `/documents/${doc}#doc-files`;
          return {
            kind: 'failedJob',
            id: String(j.id),
            title: plain(j.kind, locale),
            href,
            date: j.updated_at,
            urgency: 'waiting',
            countryIso3: null,
            facts: { attempts: j.attempts, error: j.last_error },
          };
        });
        return group('failedJobs', items, totalOf(rows), null);
      })(),
    );
  }

  const groups = (await Promise.all(tasks))
    .filter((g) => g.total > 0)
    .map((g) => ({ ...g, items: [...g.items].sort(byUrgency) }));
  // Failures and waiting lists keep their own order (latest first); the rest most urgent first.
  for (const g of groups) {
    if (g.key === 'failedMail' || g.key === 'failedJobs') {
      g.items.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
    }
  }
  const best = (g: DashboardGroup) => Math.min(...g.items.map((i) => urgencyRank(i.urgency)));
  groups.sort((a, b) => best(a) - best(b) || GROUPS.indexOf(a.key) - GROUPS.indexOf(b.key));
  const all = groups.flatMap((g) => g.items);
  return {
    generatedAt: nowIso,
    today,
    groups,
    total: groups.reduce((n, g) => n + g.total, 0),
    urgent: all.filter((i) => i.urgency === 'overdue' || i.urgency === 'today').length,
  };
}
