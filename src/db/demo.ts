import { seedConsultationsDemo } from '../features/consultations/demo.ts';
import { seedContentDemo } from '../features/content/demo.ts';
import { seedCooperationDemo } from '../features/cooperation/demo.ts';
import { seedCountriesDemo } from '../features/countries/demo.ts';
import { seedDocumentsDemo } from '../features/documents/demo.ts';
import { seedMeetingsDemo } from '../features/meetings/demo.ts';
import { seedNotificationsDemo } from '../features/notifications/demo.ts';
import { seedStatisticsDemo } from '../features/statistics/demo.ts';
import { seedStudyGroupsDemo } from '../features/study-groups/demo.ts';
import { hashPassword } from '../platform/auth/crypto.ts';
import type { Db } from './connection.ts';
import { nowIso } from './dialect.ts';
import type { Role } from './schema.ts';

/** Password of every demo account. Demo only: a production start never seeds these. */
export const DEMO_PASSWORD = 'sismel-demo-2026';

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  country?: string;
  institution?: string;
}

export const DEMO_INSTITUTIONS: { country: string; name: string; acronym: string; website: string }[] = [
  {
    country: 'URY',
    name: 'Ministerio de Trabajo y Seguridad Social',
    acronym: 'MTSS',
    website: 'https://www.gub.uy/ministerio-trabajo-seguridad-social',
  },
  {
    country: 'URY',
    name: 'Instituto Nacional de Empleo y Formación Profesional',
    acronym: 'INEFOP',
    website: 'https://www.inefop.org.uy',
  },
  {
    country: 'CHL',
    name: 'Ministerio del Trabajo y Previsión Social',
    acronym: 'MINTRAB',
    website: 'https://www.mintrab.gob.cl',
  },
  {
    country: 'MEX',
    name: 'Secretaría del Trabajo y Previsión Social',
    acronym: 'STPS',
    website: 'https://www.gob.mx/stps',
  },
  {
    country: 'BRA',
    name: 'Ministério do Trabalho e Emprego',
    acronym: 'MTE',
    website: 'https://www.gov.br/trabalho-e-emprego',
  },
  {
    country: 'CAN',
    name: 'Employment and Social Development Canada',
    acronym: 'ESDC',
    website: 'https://www.canada.ca/en/employment-social-development.html',
  },
  {
    country: 'HTI',
    name: 'Ministère des Affaires Sociales et du Travail',
    acronym: 'MAST',
    website: 'https://mast.gouv.ht',
  },
  {
    country: 'JAM',
    name: 'Ministry of Labour and Social Security',
    acronym: 'MLSS',
    website: 'https://www.mlss.gov.jm',
  },
];

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { email: 'secretariat@sismel.example', name: 'Ana Secretaría', role: 'secretariat' },
  { email: 'admin@sismel.example', name: 'Tomás Admin', role: 'admin' },
  {
    email: 'coordinator.ury@sismel.example',
    name: 'Lucía Pereira',
    role: 'coordinator',
    country: 'URY',
    institution: 'MTSS',
  },
  {
    email: 'editor.ury@sismel.example',
    name: 'Martín Suárez',
    role: 'editor',
    country: 'URY',
    institution: 'INEFOP',
  },
  {
    email: 'coordinator.chl@sismel.example',
    name: 'Camila Rojas',
    role: 'coordinator',
    country: 'CHL',
    institution: 'MINTRAB',
  },
  {
    email: 'editor.chl@sismel.example',
    name: 'Diego Muñoz',
    role: 'editor',
    country: 'CHL',
    institution: 'MINTRAB',
  },
  {
    email: 'coordinator.mex@sismel.example',
    name: 'Alejandra Hernández',
    role: 'coordinator',
    country: 'MEX',
    institution: 'STPS',
  },
  {
    email: 'coordinator.bra@sismel.example',
    name: 'João Oliveira',
    role: 'coordinator',
    country: 'BRA',
    institution: 'MTE',
  },
  {
    email: 'coordinator.can@sismel.example',
    name: 'Sarah Thompson',
    role: 'coordinator',
    country: 'CAN',
    institution: 'ESDC',
  },
  {
    email: 'coordinator.hti@sismel.example',
    name: 'Jean-Baptiste Pierre',
    role: 'coordinator',
    country: 'HTI',
    institution: 'MAST',
  },
  { email: 'reader@sismel.example', name: 'Rosa Lectora', role: 'reader' },
];

/** True when the database has no users yet: the demo is seeded only then. */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !row;
}

export async function seedDemo(db: Db): Promise<void> {
  const now = nowIso();
  const institutionIds = new Map<string, number>();
  for (const inst of DEMO_INSTITUTIONS) {
    const row = await db
      .insertInto('institutions')
      .values({
        country_iso3: inst.country,
        name: inst.name,
        acronym: inst.acronym,
        website: inst.website,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    institutionIds.set(inst.acronym, row.id);
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const acc of DEMO_ACCOUNTS) {
    const user = await db
      .insertInto('users')
      .values({
        email: acc.email,
        name: acc.name,
        role: acc.role,
        country_iso3: acc.country ?? null,
        institution_id: acc.institution ? (institutionIds.get(acc.institution) ?? null) : null,
        password_hash: passwordHash,
        status: 'active',
        locale:
          acc.country === 'BRA'
            ? 'pt'
            : acc.country === 'CAN' || acc.country === 'JAM'
              ? 'en'
              : acc.country === 'HTI'
                ? 'fr'
                : acc.country
                  ? 'es'
                  : 'en',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (acc.role === 'coordinator' && acc.country) {
      await db
        .insertInto('coordinator_terms')
        .values({ country_iso3: acc.country, user_id: user.id, started_at: now })
        .execute();
    }
  }
  // E-mail settings first, so the notifications the other demos send follow them.
  await seedNotificationsDemo(db);
  await seedContentDemo(db);
  await seedCountriesDemo(db);
  await seedStatisticsDemo(db);
  await seedDocumentsDemo(db);
  await seedCooperationDemo(db);
  await seedConsultationsDemo(db);
  await seedStudyGroupsDemo(db);
  // Meetings go to the demo study groups: keep this after the study groups demo.
  await seedMeetingsDemo(db);
}
