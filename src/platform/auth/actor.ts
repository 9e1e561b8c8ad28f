import type { Role, User } from '../../db/schema.ts';
import type { Locale } from '../i18n/locales.ts';

/** The signed-in person a request acts for. Anonymous visitors are `null`. */
export interface Actor {
  id: number;
  email: string;
  name: string;
  role: Role;
  countryIso3: string | null;
  institutionId: number | null;
  locale: Locale;
  timezone: string;
  totpEnabled: boolean;
}

export function actorFromUser(u: User): Actor {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    countryIso3: u.country_iso3,
    institutionId: u.institution_id,
    locale: u.locale as Locale,
    timezone: u.timezone,
    totpEnabled: u.totp_enabled === 1,
  };
}

/** The system itself (CLI, seed, jobs). */
export const SYSTEM_ACTOR: Actor = {
  id: 0,
  email: 'system@sismel',
  name: 'System',
  role: 'secretariat',
  countryIso3: null,
  institutionId: null,
  locale: 'en',
  timezone: 'UTC',
  totpEnabled: false,
};
