/**
 * Codelists aligned with ILOSTAT. Codes are written as in ILOSTAT's bulk files, with an
 * underscore inside age bands (AGE_YTHADULT_Y15_24); files using ILOSTAT's hyphenated form
 * (AGE_YTHADULT_Y15-24) are read with `normalizeCode`.
 */

type L4 = { en: string; es: string; fr: string; pt: string };

export interface CodeDef {
  code: string;
  name: L4;
}

export interface CodelistDef {
  id: string;
  name: L4;
  /** The code for the whole population of the breakdown. */
  total: string | null;
  codes: CodeDef[];
  /**
   * Groups whose parts add up to their total (for counts): used to warn when an uploaded
   * breakdown does not add up.
   */
  sums: { total: string; parts: string[] }[];
}

const l = (en: string, es: string, fr: string, pt: string): L4 => ({ en, es, fr, pt });

export const CODELISTS: CodelistDef[] = [
  {
    id: 'SEX',
    name: l('Sex', 'Sexo', 'Sexe', 'Sexo'),
    total: 'SEX_T',
    codes: [
      { code: 'SEX_T', name: l('Total', 'Total', 'Total', 'Total') },
      { code: 'SEX_M', name: l('Male', 'Hombres', 'Hommes', 'Homens') },
      { code: 'SEX_F', name: l('Female', 'Mujeres', 'Femmes', 'Mulheres') },
      { code: 'SEX_O', name: l('Other', 'Otro', 'Autre', 'Outro') },
    ],
    sums: [{ total: 'SEX_T', parts: ['SEX_M', 'SEX_F', 'SEX_O'] }],
  },
  {
    id: 'AGE',
    name: l('Age', 'Edad', 'Âge', 'Idade'),
    total: 'AGE_YTHADULT_YGE15',
    codes: [
      { code: 'AGE_YTHADULT_YGE15', name: l('15+', '15+', '15+', '15+') },
      {
        code: 'AGE_YTHADULT_Y15_24',
        name: l('15–24 (youth)', '15–24 (jóvenes)', '15–24 (jeunes)', '15–24 (jovens)'),
      },
      {
        code: 'AGE_YTHADULT_YGE25',
        name: l('25+ (adults)', '25+ (adultos)', '25+ (adultes)', '25+ (adultos)'),
      },
      { code: 'AGE_YTHADULT_Y15_64', name: l('15–64', '15–64', '15–64', '15–64') },
      {
        code: 'AGE_AGGREGATE_TOTAL',
        name: l(
          'Total (aggregate bands)',
          'Total (grupos agregados)',
          'Total (tranches agrégées)',
          'Total (faixas agregadas)',
        ),
      },
      { code: 'AGE_AGGREGATE_Y15_24', name: l('15–24', '15–24', '15–24', '15–24') },
      { code: 'AGE_AGGREGATE_Y25_54', name: l('25–54', '25–54', '25–54', '25–54') },
      { code: 'AGE_AGGREGATE_Y55_64', name: l('55–64', '55–64', '55–64', '55–64') },
      { code: 'AGE_AGGREGATE_YGE65', name: l('65+', '65+', '65+', '65+') },
      {
        code: 'AGE_10YRBANDS_TOTAL',
        name: l(
          'Total (10-year bands)',
          'Total (grupos de 10 años)',
          'Total (tranches de 10 ans)',
          'Total (faixas de 10 anos)',
        ),
      },
      { code: 'AGE_10YRBANDS_Y15_24', name: l('15–24', '15–24', '15–24', '15–24') },
      { code: 'AGE_10YRBANDS_Y25_34', name: l('25–34', '25–34', '25–34', '25–34') },
      { code: 'AGE_10YRBANDS_Y35_44', name: l('35–44', '35–44', '35–44', '35–44') },
      { code: 'AGE_10YRBANDS_Y45_54', name: l('45–54', '45–54', '45–54', '45–54') },
      { code: 'AGE_10YRBANDS_Y55_64', name: l('55–64', '55–64', '55–64', '55–64') },
      { code: 'AGE_10YRBANDS_YGE65', name: l('65+', '65+', '65+', '65+') },
    ],
    sums: [
      { total: 'AGE_YTHADULT_YGE15', parts: ['AGE_YTHADULT_Y15_24', 'AGE_YTHADULT_YGE25'] },
      {
        total: 'AGE_AGGREGATE_TOTAL',
        parts: [
          'AGE_AGGREGATE_Y15_24',
          'AGE_AGGREGATE_Y25_54',
          'AGE_AGGREGATE_Y55_64',
          'AGE_AGGREGATE_YGE65',
        ],
      },
      {
        total: 'AGE_10YRBANDS_TOTAL',
        parts: [
          'AGE_10YRBANDS_Y15_24',
          'AGE_10YRBANDS_Y25_34',
          'AGE_10YRBANDS_Y35_44',
          'AGE_10YRBANDS_Y45_54',
          'AGE_10YRBANDS_Y55_64',
          'AGE_10YRBANDS_YGE65',
        ],
      },
    ],
  },
  {
    id: 'AREA',
    name: l('Area', 'Área', 'Zone', 'Área'),
    total: 'GEO_COV_NAT',
    codes: [
      { code: 'GEO_COV_NAT', name: l('National', 'Nacional', 'National', 'Nacional') },
      { code: 'GEO_COV_URB', name: l('Urban', 'Urbana', 'Urbaine', 'Urbana') },
      { code: 'GEO_COV_RUR', name: l('Rural', 'Rural', 'Rurale', 'Rural') },
    ],
    sums: [{ total: 'GEO_COV_NAT', parts: ['GEO_COV_URB', 'GEO_COV_RUR'] }],
  },
  {
    id: 'ECO',
    name: l('Economic activity', 'Actividad económica', 'Activité économique', 'Atividade económica'),
    total: 'ECO_SECTOR_TOTAL',
    codes: [
      { code: 'ECO_SECTOR_TOTAL', name: l('Total', 'Total', 'Total', 'Total') },
      { code: 'ECO_SECTOR_AGR', name: l('Agriculture', 'Agricultura', 'Agriculture', 'Agricultura') },
      { code: 'ECO_SECTOR_IND', name: l('Industry', 'Industria', 'Industrie', 'Indústria') },
      { code: 'ECO_SECTOR_SER', name: l('Services', 'Servicios', 'Services', 'Serviços') },
      {
        code: 'ECO_SECTOR_X',
        name: l(
          'Not elsewhere classified',
          'No clasificado en otra parte',
          'Non classé ailleurs',
          'Não classificado noutra parte',
        ),
      },
    ],
    sums: [
      {
        total: 'ECO_SECTOR_TOTAL',
        parts: ['ECO_SECTOR_AGR', 'ECO_SECTOR_IND', 'ECO_SECTOR_SER', 'ECO_SECTOR_X'],
      },
    ],
  },
  {
    id: 'OCU',
    name: l(
      'Occupation (skill level)',
      'Ocupación (nivel de competencias)',
      'Profession (niveau de compétences)',
      'Ocupação (nível de competências)',
    ),
    total: 'OCU_SKILL_TOTAL',
    codes: [
      { code: 'OCU_SKILL_TOTAL', name: l('Total', 'Total', 'Total', 'Total') },
      {
        code: 'OCU_SKILL_L3_4',
        name: l('High skill', 'Calificación alta', 'Qualification élevée', 'Qualificação alta'),
      },
      {
        code: 'OCU_SKILL_L2',
        name: l('Medium skill', 'Calificación media', 'Qualification moyenne', 'Qualificação média'),
      },
      {
        code: 'OCU_SKILL_L1',
        name: l('Low skill', 'Calificación baja', 'Qualification faible', 'Qualificação baixa'),
      },
      {
        code: 'OCU_SKILL_X',
        name: l(
          'Not elsewhere classified',
          'No clasificado en otra parte',
          'Non classé ailleurs',
          'Não classificado noutra parte',
        ),
      },
    ],
    sums: [
      { total: 'OCU_SKILL_TOTAL', parts: ['OCU_SKILL_L3_4', 'OCU_SKILL_L2', 'OCU_SKILL_L1', 'OCU_SKILL_X'] },
    ],
  },
  {
    id: 'EDU',
    name: l('Education', 'Educación', 'Éducation', 'Educação'),
    total: 'EDU_AGGREGATE_TOTAL',
    codes: [
      { code: 'EDU_AGGREGATE_TOTAL', name: l('Total', 'Total', 'Total', 'Total') },
      {
        code: 'EDU_AGGREGATE_LTB',
        name: l('Less than basic', 'Menos que básica', 'Inférieur au niveau de base', 'Menos que básico'),
      },
      { code: 'EDU_AGGREGATE_BAS', name: l('Basic', 'Básica', 'Base', 'Básico') },
      { code: 'EDU_AGGREGATE_INT', name: l('Intermediate', 'Intermedia', 'Intermédiaire', 'Intermédio') },
      { code: 'EDU_AGGREGATE_ADV', name: l('Advanced', 'Avanzada', 'Supérieur', 'Avançado') },
      {
        code: 'EDU_AGGREGATE_X',
        name: l('Level not stated', 'Nivel no declarado', 'Niveau non déclaré', 'Nível não declarado'),
      },
    ],
    sums: [
      {
        total: 'EDU_AGGREGATE_TOTAL',
        parts: [
          'EDU_AGGREGATE_LTB',
          'EDU_AGGREGATE_BAS',
          'EDU_AGGREGATE_INT',
          'EDU_AGGREGATE_ADV',
          'EDU_AGGREGATE_X',
        ],
      },
    ],
  },
  {
    id: 'STE',
    name: l(
      'Status in employment',
      'Situación en el empleo',
      'Situation dans la profession',
      'Situação na profissão',
    ),
    total: 'STE_ICSE93_TOTAL',
    codes: [
      { code: 'STE_ICSE93_TOTAL', name: l('Total', 'Total', 'Total', 'Total') },
      { code: 'STE_ICSE93_1', name: l('Employees', 'Asalariados', 'Salariés', 'Empregados') },
      { code: 'STE_ICSE93_2', name: l('Employers', 'Empleadores', 'Employeurs', 'Empregadores') },
      {
        code: 'STE_ICSE93_3',
        name: l(
          'Own-account workers',
          'Trabajadores por cuenta propia',
          'Travailleurs à leur propre compte',
          'Trabalhadores por conta própria',
        ),
      },
      {
        code: 'STE_ICSE93_4',
        name: l(
          'Members of producers’ cooperatives',
          'Miembros de cooperativas de productores',
          'Membres de coopératives de producteurs',
          'Membros de cooperativas de produtores',
        ),
      },
      {
        code: 'STE_ICSE93_5',
        name: l(
          'Contributing family workers',
          'Trabajadores familiares auxiliares',
          'Travailleurs familiaux collaborant',
          'Trabalhadores familiares não remunerados',
        ),
      },
      {
        code: 'STE_ICSE93_6',
        name: l('Not classifiable by status', 'No clasificables', 'Non classables', 'Não classificáveis'),
      },
    ],
    sums: [
      {
        total: 'STE_ICSE93_TOTAL',
        parts: [
          'STE_ICSE93_1',
          'STE_ICSE93_2',
          'STE_ICSE93_3',
          'STE_ICSE93_4',
          'STE_ICSE93_5',
          'STE_ICSE93_6',
        ],
      },
    ],
  },
];

export const CODELIST_BY_ID = new Map(CODELISTS.map((c) => [c.id, c]));

/** Dimension value for "not applicable" (SDMX). */
export const NOT_APPLICABLE = '_Z';

/** ILOSTAT writes age bands with a hyphen (Y15-24); the codelists use an underscore. */
export function normalizeCode(raw: string): string {
  const code = raw.trim().toUpperCase();
  return code.includes('-') ? code.replace(/-/g, '_') : code;
}

/** SDMX OBS_STATUS codes used by ILOSTAT. */
export const OBS_STATUSES = ['A', 'P', 'E', 'B', 'F', 'I', 'U'] as const;
export type ObsStatusCode = (typeof OBS_STATUSES)[number];

export function isObsStatus(s: string): s is ObsStatusCode {
  return (OBS_STATUSES as readonly string[]).includes(s);
}
