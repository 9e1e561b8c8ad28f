import type { Db } from '../../db/connection.ts';
import { type Actor, actorFromUser } from '../../platform/auth/actor.ts';
import { cooperationService, type ItemInput } from './service.ts';

/**
 * Demonstration offers and requests between the demo countries, written for the demo (they
 * describe no real programme). They go through the service, so they are audited, indexed for
 * search, matched and notified like anything a user would publish.
 */
export async function seedCooperationDemo(db: Db): Promise<void> {
  const existing = await db.selectFrom('cooperation_items').select('id').limit(1).executeTakeFirst();
  if (existing) return;
  const users = await db.selectFrom('users').selectAll().where('deleted_at', 'is', null).execute();
  const as = (email: string): Actor | null => {
    const u = users.find((x) => x.email === email);
    return u ? actorFromUser(u) : null;
  };
  const secretariat = as('secretariat@sismel.example');
  const chl = as('editor.chl@sismel.example');
  const bra = as('coordinator.bra@sismel.example');
  const can = as('coordinator.can@sismel.example');
  const hti = as('coordinator.hti@sismel.example');
  const ury = as('editor.ury@sismel.example');
  const mex = as('coordinator.mex@sismel.example');
  if (!secretariat || !chl || !bra || !can || !hti || !ury || !mex) return;
  const s = cooperationService({ db });

  const offer = (actor: Actor, input: ItemInput) => s.create(actor, 'offer', input);
  const request = (actor: Actor, input: ItemInput) => s.create(actor, 'request', input);

  const chileInspection = await offer(chl, {
    origLocale: 'es',
    title: {
      es: 'Formación de inspectores del trabajo',
      en: 'Training for labour inspectors',
    },
    description: {
      es: `La Dirección del Trabajo ofrece un curso para equipos de inspección de otros ministerios.

- Planificación de la fiscalización basada en riesgos
- Entrevistas a trabajadores y revisión documental
- Seguimiento de las infracciones

El curso combina **clases a distancia** y una semana de práctica junto a inspectores chilenos.`,
      en: 'A course for inspection teams of other ministries: risk-based planning of inspections, interviews with workers and review of records, follow-up of infringements. Distance classes and one week of practice alongside Chilean inspectors.',
    },
    themes: ['labour-inspection', 'occupational-safety-health'],
    modality: 'training',
    languages: ['es', 'en'],
    duration: 'Tres semanas (120 horas)',
    costSharing: 'shared',
    contactName: 'Diego Muñoz',
    contactEmail: 'cooperacion@mintrab.example',
  });

  await offer(bra, {
    origLocale: 'pt',
    title: {
      pt: 'Visita de estudo ao Sistema Nacional de Emprego (SINE)',
      es: 'Gira de estudio al Sistema Nacional de Empleo (SINE)',
      en: 'Study tour of the National Employment System (SINE)',
    },
    description: {
      pt: `Uma semana com as equipes do SINE em Brasília e em dois estados, para conhecer:

1. a intermediação de mão de obra nos postos de atendimento;
2. o portal de vagas e a integração com o seguro-desemprego;
3. a qualificação profissional ligada às vagas.`,
      en: 'One week with SINE teams in Brasília and two states: job matching in the local offices, the vacancy portal and its link to unemployment insurance, and vocational training tied to vacancies.',
    },
    themes: ['employment-services'],
    modality: 'study_tour',
    languages: ['pt', 'es'],
    duration: 'Uma semana',
    costSharing: 'requesting_country',
    contactName: 'João Oliveira',
    contactEmail: 'cooperacao@mte.example',
  });

  const canadaLmi = await offer(can, {
    origLocale: 'en',
    title: {
      en: 'Virtual assistance on labour market information systems',
      fr: 'Assistance virtuelle sur les systèmes d’information sur le marché du travail',
    },
    description: {
      en: `Employment and Social Development Canada offers remote sessions with its labour market information analysts:

- designing occupational outlooks;
- publishing job vacancy statistics;
- making labour market information useful to job seekers.`,
      fr: 'Des séances à distance avec les analystes de l’information sur le marché du travail : perspectives professionnelles, statistiques des postes vacants, information utile aux chercheurs d’emploi.',
    },
    themes: ['labour-market-information'],
    modality: 'virtual_assistance',
    languages: ['en', 'fr'],
    duration: 'Six monthly sessions of two hours',
    costSharing: 'offering_country',
    contactName: 'Sarah Thompson',
    contactEmail: 'lmi-cooperation@esdc.example',
  });

  await request(hti, {
    origLocale: 'fr',
    title: {
      fr: 'Renforcer l’inspection du travail dans le secteur textile',
      en: 'Strengthening labour inspection in the textile sector',
    },
    description: {
      fr: 'Le ministère souhaite former une nouvelle promotion d’inspecteurs aux visites dans les zones franches textiles : sécurité des installations, durée du travail et salaires.',
      en: 'The ministry wishes to train a new cohort of inspectors for visits to the textile free zones: safety of premises, working time and wages.',
    },
    themes: ['labour-inspection'],
    modality: 'training',
    languages: ['fr', 'other'],
    otherLanguages: 'Kreyòl ayisyen',
    timeframe: 'Premier semestre 2027',
    contactName: 'Jean-Baptiste Pierre',
    contactEmail: 'cooperation@mast.example',
  });

  const jamaicaSurvey = await request(secretariat, {
    countryIso3: 'JAM',
    origLocale: 'en',
    title: { en: 'A dashboard for the quarterly labour force survey' },
    description: {
      en: 'The Ministry would like help to publish the results of the quarterly labour force survey as an online dashboard that employers and training providers can use.',
    },
    themes: ['labour-market-information'],
    modality: 'virtual_assistance',
    languages: ['en'],
    timeframe: '2026',
    contactName: 'Labour Market Information Unit',
    contactEmail: 'lmi@mlss.example',
  });

  await request(ury, {
    origLocale: 'es',
    title: {
      es: 'Modernizar los servicios públicos de empleo',
      pt: 'Modernizar os serviços públicos de emprego',
    },
    description: {
      es: 'INEFOP y el MTSS quieren conocer experiencias de portales de empleo integrados con la formación profesional y con las prestaciones por desempleo.',
    },
    themes: ['employment-services', 'labour-training'],
    modality: 'study_tour',
    languages: ['es', 'pt'],
    timeframe: 'Segundo semestre de 2027',
    contactName: 'Martín Suárez',
    contactEmail: 'cooperacion@inefop.example',
  });

  // Haiti takes up Chile's course: agreed.
  await s.expressInterest(
    hti,
    'offer',
    chileInspection,
    'Haïti souhaite inscrire huit inspecteurs de la Direction du travail à la session de mars.',
  );
  await s.changeStatus(chl, 'offer', chileInspection, {
    status: 'agreed',
    partnerCountry: 'HTI',
    note: 'Acuerdo firmado por ambos ministerios.',
  });

  // Canada helped Jamaica with its dashboard: completed, with the outcome report.
  await s.expressInterest(
    can,
    'request',
    jamaicaSurvey,
    'ESDC can pair your team with our labour market information analysts for six sessions.',
  );
  await s.changeStatus(secretariat, 'request', jamaicaSurvey, { status: 'agreed', partnerCountry: 'CAN' });
  await s.changeStatus(can, 'request', jamaicaSurvey, { status: 'in_progress' });
  await s.changeStatus(can, 'request', jamaicaSurvey, {
    status: 'completed',
    outcome: {
      locale: 'en',
      results:
        'A first dashboard of the quarterly labour force survey went online, with **employment, unemployment and hours worked** by parish and sex.',
      participants:
        'Four analysts of the Ministry of Labour and Social Security of Jamaica and two analysts of Employment and Social Development Canada.',
      lessons:
        '- Agree on the indicators before building anything.\n- Keep the data release and the dashboard update on the same day.',
    },
  });

  // Mexico is interested in Canada's assistance; Uruguay's request and Brazil's tour are a suggested match.
  await s.expressInterest(
    mex,
    'offer',
    canadaLmi,
    'La STPS quisiera sesiones sobre perspectivas ocupacionales para el Observatorio Laboral.',
  );
}
