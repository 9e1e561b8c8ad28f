import type { Localized } from '../../../platform/i18n/format.ts';
import type { Frequency } from './period.ts';

/**
 * The SDMX view of the statistics: each indicator is a dataflow with its own data structure
 * (REF_AREA, then the indicator's dimensions in order, then TIME_PERIOD), one measure OBS_VALUE
 * and the attributes below. Everything here is plain data, built from the database by the
 * explorer's repository, so the serialisers stay independent of the engine.
 */

export const AGENCY = 'SISMEL';
export const VERSION = '1.0';
export const SENDER_NAME: Localized = {
  en: 'SISMEL — Labour Market Information System of the Americas',
  es: 'SISMEL — Sistema de Información del Mercado Laboral de las Américas',
  fr: "SISMEL — Système d'information sur le marché du travail des Amériques",
  pt: 'SISMEL — Sistema de Informação do Mercado de Trabalho das Américas',
};

export const AREA_DIMENSION = 'REF_AREA';
export const TIME_DIMENSION = 'TIME_PERIOD';
/** The code stored when a dimension does not apply to an observation. */
export const NOT_APPLICABLE = '_Z';

export interface CodeDef {
  id: string;
  name: Localized;
}

export interface DimensionDef {
  /** Dimension and codelist id, e.g. `SEX`. */
  id: string;
  name: Localized;
  codes: CodeDef[];
}

export interface FlowDef {
  /** The dataflow id: the indicator code, e.g. `UNE_RT`. */
  code: string;
  name: Localized;
  definition: Localized;
  origLocale: string;
  unit: string;
  unitMultiplier: number;
  decimals: number;
  frequency: Frequency;
  /** The indicator's own dimensions, in key order (without REF_AREA and TIME_PERIOD). */
  dimensions: DimensionDef[];
  updatedAt: string;
}

/** One observation as it leaves the database, with its codes in the indicator's order. */
export interface ObsRow {
  country_iso3: string;
  period: string;
  dim1: string;
  dim2: string;
  dim3: string;
  value: number | null;
  obs_status: string;
  source: string | null;
  note: string | null;
  updated_at: string;
}

/** The codes of an observation in key order (after REF_AREA), one per indicator dimension. */
export function dimCodes(row: ObsRow, count: number): string[] {
  const all = [row.dim1, row.dim2, row.dim3];
  return all.slice(0, count);
}

export const OBS_STATUS_CODES = ['A', 'P', 'E', 'B', 'F', 'I', 'U'] as const;
export type ObsStatus = (typeof OBS_STATUS_CODES)[number];

/** Names of the observation status codes (the SDMX cross-domain code list CL_OBS_STATUS). */
export const OBS_STATUS_NAMES: Record<string, Localized> = {
  A: { en: 'Normal value', es: 'Valor normal', fr: 'Valeur normale', pt: 'Valor normal' },
  P: { en: 'Provisional value', es: 'Valor provisional', fr: 'Valeur provisoire', pt: 'Valor provisório' },
  E: { en: 'Estimated value', es: 'Valor estimado', fr: 'Valeur estimée', pt: 'Valor estimado' },
  B: { en: 'Time series break', es: 'Ruptura de serie', fr: 'Rupture de série', pt: 'Quebra de série' },
  F: { en: 'Forecast value', es: 'Valor pronosticado', fr: 'Valeur prévue', pt: 'Valor previsto' },
  I: { en: 'Imputed value', es: 'Valor imputado', fr: 'Valeur imputée', pt: 'Valor imputado' },
  U: { en: 'Low reliability', es: 'Baja fiabilidad', fr: 'Faible fiabilité', pt: 'Baixa confiabilidade' },
};

/** Names of the unit multipliers (CL_UNIT_MULT): 10^n. */
export const UNIT_MULT_NAMES: Record<string, Localized> = {
  '0': { en: 'Units', es: 'Unidades', fr: 'Unités', pt: 'Unidades' },
  '3': { en: 'Thousands', es: 'Miles', fr: 'Milliers', pt: 'Milhares' },
  '6': { en: 'Millions', es: 'Millones', fr: 'Millions', pt: 'Milhões' },
  '9': { en: 'Billions', es: 'Miles de millones', fr: 'Milliards', pt: 'Bilhões' },
};

/** Names of the units of measure used by the indicators (CL_UNIT_MEASURE). */
export const UNIT_NAMES: Record<string, Localized> = {
  PT: { en: 'Percent', es: 'Porcentaje', fr: 'Pourcentage', pt: 'Percentagem' },
  NB: { en: 'Number', es: 'Número', fr: 'Nombre', pt: 'Número' },
  USD: {
    en: 'US dollars',
    es: 'Dólares estadounidenses',
    fr: 'Dollars des États-Unis',
    pt: 'Dólares americanos',
  },
  PPP: {
    en: 'Constant 2021 international dollars at PPP',
    es: 'Dólares internacionales constantes de 2021 en PPA',
    fr: 'Dollars internationaux constants de 2021 en PPA',
    pt: 'Dólares internacionais constantes de 2021 em PPC',
  },
  HRS: { en: 'Hours', es: 'Horas', fr: 'Heures', pt: 'Horas' },
  RT: { en: 'Rate per 100,000', es: 'Tasa por 100.000', fr: 'Taux pour 100 000', pt: 'Taxa por 100.000' },
};

export const CONCEPT_NAMES: Record<string, Localized> = {
  REF_AREA: {
    en: 'Reference area',
    es: 'Área de referencia',
    fr: 'Zone de référence',
    pt: 'Área de referência',
  },
  TIME_PERIOD: { en: 'Time period', es: 'Período', fr: 'Période', pt: 'Período' },
  OBS_VALUE: {
    en: 'Observation value',
    es: 'Valor de la observación',
    fr: "Valeur de l'observation",
    pt: 'Valor da observação',
  },
  OBS_STATUS: {
    en: 'Observation status',
    es: 'Estado de la observación',
    fr: "Statut de l'observation",
    pt: 'Estado da observação',
  },
  UNIT_MEASURE: {
    en: 'Unit of measure',
    es: 'Unidad de medida',
    fr: 'Unité de mesure',
    pt: 'Unidade de medida',
  },
  UNIT_MULT: {
    en: 'Unit multiplier',
    es: 'Multiplicador de unidad',
    fr: "Multiplicateur d'unité",
    pt: 'Multiplicador de unidade',
  },
  SOURCE: { en: 'Source', es: 'Fuente', fr: 'Source', pt: 'Fonte' },
  COMMENT_OBS: { en: 'Note', es: 'Nota', fr: 'Note', pt: 'Nota' },
};

export function flowUrn(code: string): string {
  return `urn:sdmx:org.sdmx.infomodel.datastructure.Dataflow=${AGENCY}:${code}(${VERSION})`;
}

export function dsdId(code: string): string {
  return `DSD_${code}`;
}

export function dsdUrn(code: string): string {
  return `urn:sdmx:org.sdmx.infomodel.datastructure.DataStructure=${AGENCY}:${dsdId(code)}(${VERSION})`;
}

export function codelistId(dimension: string): string {
  return `CL_${dimension}`;
}

export function codelistUrn(id: string): string {
  return `urn:sdmx:org.sdmx.infomodel.codelist.Codelist=${AGENCY}:${id}(${VERSION})`;
}

export const CONCEPT_SCHEME_ID = 'CS_SISMEL';

export function conceptUrn(id: string): string {
  return `urn:sdmx:org.sdmx.infomodel.conceptscheme.Concept=${AGENCY}:${CONCEPT_SCHEME_ID}(${VERSION}).${id}`;
}

/** All dimension ids of a flow in key order, time last. */
export function keyDimensionIds(flow: FlowDef): string[] {
  return [AREA_DIMENSION, ...flow.dimensions.map((d) => d.id), TIME_DIMENSION];
}
