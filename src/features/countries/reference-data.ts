/**
 * Reference data seeded on every installation (production too): the OAS member states, the
 * priority themes of the Conference and links to partner organisations. The Secretariat edits
 * them in the app afterwards; seeding never overwrites an existing row.
 */

export type CountryStatus = 'active' | 'not_participating' | 'withdrawn';

/** The 35 member states of the OAS, as ISO 3166-1 alpha-3 / alpha-2. */
export const OAS_MEMBER_STATES: { iso3: string; iso2: string; status: CountryStatus }[] = [
  { iso3: 'ATG', iso2: 'AG', status: 'active' },
  { iso3: 'ARG', iso2: 'AR', status: 'active' },
  { iso3: 'BHS', iso2: 'BS', status: 'active' },
  { iso3: 'BRB', iso2: 'BB', status: 'active' },
  { iso3: 'BLZ', iso2: 'BZ', status: 'active' },
  { iso3: 'BOL', iso2: 'BO', status: 'active' },
  { iso3: 'BRA', iso2: 'BR', status: 'active' },
  { iso3: 'CAN', iso2: 'CA', status: 'active' },
  { iso3: 'CHL', iso2: 'CL', status: 'active' },
  { iso3: 'COL', iso2: 'CO', status: 'active' },
  { iso3: 'CRI', iso2: 'CR', status: 'active' },
  { iso3: 'CUB', iso2: 'CU', status: 'not_participating' },
  { iso3: 'DMA', iso2: 'DM', status: 'active' },
  { iso3: 'DOM', iso2: 'DO', status: 'active' },
  { iso3: 'ECU', iso2: 'EC', status: 'active' },
  { iso3: 'SLV', iso2: 'SV', status: 'active' },
  { iso3: 'GRD', iso2: 'GD', status: 'active' },
  { iso3: 'GTM', iso2: 'GT', status: 'active' },
  { iso3: 'GUY', iso2: 'GY', status: 'active' },
  { iso3: 'HTI', iso2: 'HT', status: 'active' },
  { iso3: 'HND', iso2: 'HN', status: 'active' },
  { iso3: 'JAM', iso2: 'JM', status: 'active' },
  { iso3: 'MEX', iso2: 'MX', status: 'active' },
  { iso3: 'NIC', iso2: 'NI', status: 'withdrawn' },
  { iso3: 'PAN', iso2: 'PA', status: 'active' },
  { iso3: 'PRY', iso2: 'PY', status: 'active' },
  { iso3: 'PER', iso2: 'PE', status: 'active' },
  { iso3: 'KNA', iso2: 'KN', status: 'active' },
  { iso3: 'LCA', iso2: 'LC', status: 'active' },
  { iso3: 'VCT', iso2: 'VC', status: 'active' },
  { iso3: 'SUR', iso2: 'SR', status: 'active' },
  { iso3: 'TTO', iso2: 'TT', status: 'active' },
  { iso3: 'USA', iso2: 'US', status: 'active' },
  { iso3: 'URY', iso2: 'UY', status: 'active' },
  { iso3: 'VEN', iso2: 'VE', status: 'active' },
];

type L4 = { en: string; es: string; fr: string; pt: string };

export const PRIORITY_THEMES: { code: string; name: L4 }[] = [
  {
    code: 'labour-training',
    name: {
      en: 'Labour training',
      es: 'Formación laboral',
      fr: 'Formation professionnelle',
      pt: 'Formação profissional',
    },
  },
  {
    code: 'labour-legislation',
    name: {
      en: 'Labour legislation',
      es: 'Legislación laboral',
      fr: 'Législation du travail',
      pt: 'Legislação trabalhista',
    },
  },
  {
    code: 'employment-services',
    name: {
      en: 'Employment services',
      es: 'Servicios de empleo',
      fr: "Services de l'emploi",
      pt: 'Serviços de emprego',
    },
  },
  {
    code: 'youth-employment',
    name: {
      en: 'Work scholarships and youth employment',
      es: 'Becas de trabajo y empleo juvenil',
      fr: 'Bourses de travail et emploi des jeunes',
      pt: 'Bolsas de trabalho e emprego juvenil',
    },
  },
  {
    code: 'social-dialogue',
    name: { en: 'Social dialogue', es: 'Diálogo social', fr: 'Dialogue social', pt: 'Diálogo social' },
  },
  {
    code: 'occupational-safety-health',
    name: {
      en: 'Occupational safety and health',
      es: 'Seguridad y salud en el trabajo',
      fr: 'Sécurité et santé au travail',
      pt: 'Segurança e saúde no trabalho',
    },
  },
  {
    code: 'fundamental-rights',
    name: {
      en: 'Fundamental principles and rights at work',
      es: 'Principios y derechos fundamentales en el trabajo',
      fr: 'Principes et droits fondamentaux au travail',
      pt: 'Princípios e direitos fundamentais no trabalho',
    },
  },
  {
    code: 'child-labour',
    name: { en: 'Child labour', es: 'Trabajo infantil', fr: 'Travail des enfants', pt: 'Trabalho infantil' },
  },
  {
    code: 'labour-migration',
    name: {
      en: 'Labour migration',
      es: 'Migración laboral',
      fr: 'Migration de main-d’œuvre',
      pt: 'Migração laboral',
    },
  },
  {
    code: 'gender-equality',
    name: {
      en: 'Gender equality at work',
      es: 'Igualdad de género en el trabajo',
      fr: 'Égalité entre les femmes et les hommes au travail',
      pt: 'Igualdade de gênero no trabalho',
    },
  },
  {
    code: 'labour-market-information',
    name: {
      en: 'Labour market information',
      es: 'Información del mercado laboral',
      fr: 'Information sur le marché du travail',
      pt: 'Informação sobre o mercado de trabalho',
    },
  },
  {
    code: 'labour-inspection',
    name: {
      en: 'Labour inspection',
      es: 'Inspección del trabajo',
      fr: 'Inspection du travail',
      pt: 'Inspeção do trabalho',
    },
  },
  {
    code: 'social-protection',
    name: {
      en: 'Social protection',
      es: 'Protección social',
      fr: 'Protection sociale',
      pt: 'Proteção social',
    },
  },
  {
    code: 'informality',
    name: {
      en: 'Transition from informal to formal work',
      es: 'Transición de la informalidad a la formalidad',
      fr: "Transition de l'économie informelle vers l'économie formelle",
      pt: 'Transição da informalidade para a formalidade',
    },
  },
];

export const PARTNER_LINKS: { name: L4; url: string; category: string }[] = [
  {
    name: {
      en: 'International Labour Organization (ILO)',
      es: 'Organización Internacional del Trabajo (OIT)',
      fr: 'Organisation internationale du Travail (OIT)',
      pt: 'Organização Internacional do Trabalho (OIT)',
    },
    url: 'https://www.ilo.org',
    category: 'international',
  },
  {
    name: { en: 'ILOSTAT', es: 'ILOSTAT', fr: 'ILOSTAT', pt: 'ILOSTAT' },
    url: 'https://ilostat.ilo.org',
    category: 'statistics',
  },
  {
    name: {
      en: 'Organization of American States (OAS)',
      es: 'Organización de los Estados Americanos (OEA)',
      fr: 'Organisation des États américains (OEA)',
      pt: 'Organização dos Estados Americanos (OEA)',
    },
    url: 'https://www.oas.org',
    category: 'regional',
  },
  {
    name: {
      en: 'Inter-American Network for Labor Administration (RIAL)',
      es: 'Red Interamericana para la Administración Laboral (RIAL)',
      fr: "Réseau interaméricain pour l'administration du travail (RIAL)",
      pt: 'Rede Interamericana para a Administração Trabalhista (RIAL)',
    },
    url: 'https://www.rialnet.org',
    category: 'regional',
  },
  {
    name: {
      en: 'Inter-American Development Bank (IDB)',
      es: 'Banco Interamericano de Desarrollo (BID)',
      fr: 'Banque interaméricaine de développement (BID)',
      pt: 'Banco Interamericano de Desenvolvimento (BID)',
    },
    url: 'https://www.iadb.org',
    category: 'regional',
  },
  {
    name: {
      en: 'Economic Commission for Latin America and the Caribbean (ECLAC)',
      es: 'Comisión Económica para América Latina y el Caribe (CEPAL)',
      fr: "Commission économique pour l'Amérique latine et les Caraïbes (CEPALC)",
      pt: 'Comissão Econômica para a América Latina e o Caribe (CEPAL)',
    },
    url: 'https://www.cepal.org',
    category: 'regional',
  },
  {
    name: { en: 'World Bank', es: 'Banco Mundial', fr: 'Banque mondiale', pt: 'Banco Mundial' },
    url: 'https://www.worldbank.org',
    category: 'international',
  },
  {
    name: { en: 'ILO/Cinterfor', es: 'OIT/Cinterfor', fr: 'OIT/Cinterfor', pt: 'OIT/Cinterfor' },
    url: 'https://www.oitcinterfor.org',
    category: 'regional',
  },
];
