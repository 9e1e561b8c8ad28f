import type { Role } from '../../db/schema.ts';
import type { Picked } from '../../platform/i18n/format.ts';

/**
 * The dashboard: what needs the signed-in person, in groups, most urgent first. Each item links
 * to the page where it is dealt with; nothing here is stored, everything is read on each visit.
 */

/** The people the dashboard is for (menu entry "My work"): they land on it after signing in. */
export function hasDashboard(person: { role: Role } | null): boolean {
  return (
    person?.role === 'coordinator' ||
    person?.role === 'editor' ||
    person?.role === 'secretariat' ||
    person?.role === 'admin'
  );
}

/** The groups, in the order they appear when none is more urgent than another. */
export const GROUPS = [
  'meetings',
  'consultations',
  'invitations',
  'cooperation',
  'imports',
  'documents',
  'staleIndicators',
  'countriesWithoutCoordinator',
  'inactiveCoordinators',
  'proposals',
  'failedMail',
  'failedJobs',
] as const;
export type GroupKey = (typeof GROUPS)[number];

/**
 * overdue: a deadline has passed. today: due today, or a meeting today. soon: due within a week.
 * waiting: something waits on the reader, with no date attached.
 */
export const URGENCIES = ['overdue', 'today', 'soon', 'waiting'] as const;
export type Urgency = (typeof URGENCIES)[number];

export function urgencyRank(u: Urgency): number {
  return URGENCIES.indexOf(u);
}

/** Facts shown beside an item (numbers, dates, codes); labels come from the catalogues. */
export type Facts = Record<string, string | number | null>;

export interface DashboardItem {
  /** What the item is, e.g. `consultation`, `cooperationInterest`; selects its message keys. */
  kind: string;
  /** The id of the thing (a number or an import's text id). */
  id: string;
  title: Picked;
  /** Path of the page where it is dealt with, without the locale; null when there is none. */
  href: string | null;
  /** The date that orders the item: a deadline, a meeting start, or since when it waits. */
  date: string | null;
  urgency: Urgency;
  countryIso3: string | null;
  facts: Facts;
}

export interface DashboardGroup {
  key: GroupKey;
  /** Every matching item, also those beyond the ones listed. */
  total: number;
  items: DashboardItem[];
  /** Where the full list is, when the group shows only the first items. */
  moreHref: string | null;
}

export interface Dashboard {
  /** ISO-8601 instant the dashboard was computed at. */
  generatedAt: string;
  /** The reader's calendar day (their time zone), YYYY-MM-DD: "today" and "overdue" refer to it. */
  today: string;
  /** Non-empty groups only, the most urgent first. */
  groups: DashboardGroup[];
  /** Items in all groups. */
  total: number;
  /** Items overdue or due today. */
  urgent: number;
}

/** A group lists this many items; the count says how many there are in all. */
export const ITEMS_PER_GROUP = 10;
/** A coordinator who has not signed in for this long is listed for the Secretariat. */
export const INACTIVE_DAYS = 60;
/** Meetings from now to this many days ahead. */
export const MEETING_DAYS = 7;
/** A deadline this close is "soon". */
export const SOON_DAYS = 7;

/** The calendar day of an instant in a time zone, YYYY-MM-DD (unknown zones read as UTC). */
export function dayIn(instant: Date, timeZone: string): string {
  const format = (tz: string) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(instant);
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}

/** YYYY-MM-DD plus some days. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD or ISO instants, compared by UTC day). */
export function daysBetween(from: string, to: string): number {
  const a = Date.parse(`${from.slice(0, 10)}T00:00:00Z`);
  const b = Date.parse(`${to.slice(0, 10)}T00:00:00Z`);
  return Math.round((b - a) / 86_400_000);
}

/**
 * The last day a statistical period covers: `2023` → 2023-12-31, `2023-Q2` → 2023-06-30,
 * `2023-06` → 2023-06-30. Null for anything else.
 */
export function periodEnd(period: string): string | null {
  let m = /^(\d{4})$/.exec(period);
  if (m) return `${m[1]}-12-31`;
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return lastDayOfMonth(Number(m[1]), Number(m[2]) * 3);
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return lastDayOfMonth(Number(m[1]), Number(m[2]));
  return null;
}

function lastDayOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** The day `months` months before `day` (clamped to the month's length). */
export function monthsBefore(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = Number(lastDayOfMonth(year, month).slice(8));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** A deadline (YYYY-MM-DD) seen from today. */
export function deadlineUrgency(deadline: string | null, today: string): Urgency {
  if (!deadline) return 'waiting';
  if (deadline < today) return 'overdue';
  if (deadline === today) return 'today';
  return deadline <= addDays(today, SOON_DAYS) ? 'soon' : 'waiting';
}
