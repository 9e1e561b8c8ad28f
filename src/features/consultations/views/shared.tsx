import { countryName, formatDate, pick } from '../../../platform/i18n/format.ts';
import { Link } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { type Consultation, type ConsultationState, isOverdue } from '../model.ts';
import type { ThemeOf } from '../repository.ts';

export function StateBadge({ state }: { state: ConsultationState }) {
  const { t } = useCtx();
  const cls = state === 'answered' ? 'badge badge--ok' : state === 'closed' ? 'badge' : 'badge badge--warn';
  return <span class={cls}>{t(`consultations.state.${state}`)}</span>;
}

export function ThemeTags({ themes }: { themes: ThemeOf[] }) {
  const { locale } = useCtx();
  if (themes.length === 0) return null;
  return (
    <ul class="consultation-themes">
      {themes.map((th) => (
        <li key={th.code}>
          <Link href={`/consultations?theme=${encodeURIComponent(th.code)}`} class="tag">
            {pick(th.name, locale, th.orig_locale).text}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** "Answers by 31 Dec 2026", flagged when the date has passed and the consultation is not closed. */
export function Deadline({ c }: { c: Pick<Consultation, 'deadline' | 'state'> }) {
  const { t, locale } = useCtx();
  if (!c.deadline) return null;
  const date = formatDate(`${c.deadline}T00:00:00Z`, locale);
  return (
    <span
      class={isOverdue(c) ? 'consultation-deadline consultation-deadline--past' : 'consultation-deadline'}
    >
      {isOverdue(c) ? t('consultations.deadline.past', { date }) : t('consultations.deadline.by', { date })}
    </span>
  );
}

/** "Addressed to all countries" or the list of countries. */
export function AddressedTo({
  c,
  countries,
}: {
  c: Pick<Consultation, 'addressed_all'>;
  countries: string[];
}) {
  const { t, locale } = useCtx();
  if (c.addressed_all === 1) return <>{t('consultations.addressed.allCountries')}</>;
  return (
    <>
      {countries
        .map((iso3) => countryName(iso3, locale))
        .sort((a, b) => a.localeCompare(b, locale))
        .join(', ')}
    </>
  );
}
