import { SdmxError } from './query.ts';

/**
 * Content negotiation for SDMX REST (section 4.6 of the 1.5 specification). We answer data in
 * SDMX-JSON 1.0 (the default) and SDMX-CSV 1.0, and structures in SDMX-JSON structure 1.0.
 * Browsers may ask with `?format=` instead of an Accept header.
 */

export const DATA_JSON_TYPE = 'application/vnd.sdmx.data+json; charset=utf-8; version=1.0.0';
export const DATA_CSV_TYPE = 'application/vnd.sdmx.data+csv; charset=utf-8; version=1.0.0';
export const STRUCTURE_JSON_TYPE = 'application/vnd.sdmx.structure+json; charset=utf-8; version=1.0.0';

export interface DataFormat {
  kind: 'json' | 'csv';
  /** SDMX-CSV `labels` parameter: codes only, or codes with their names. */
  labels: 'id' | 'both';
  /** Send as a file download (Content-Disposition: attachment). */
  attachment: boolean;
}

interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
  order: number;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part, order) => {
      const [type = '', ...rest] = part.split(';').map((s) => s.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const eq = p.indexOf('=');
        if (eq > 0)
          params[p.slice(0, eq).trim().toLowerCase()] = p
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, '');
      }
      const q = params.q === undefined ? 1 : Number(params.q);
      return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((r) => r.type && r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order);
}

function versionOk(params: Record<string, string>): boolean {
  const v = params.version;
  return v === undefined || v === '1.0.0' || v === '1.0' || v === '1';
}

export function negotiateData(accept: string | undefined, format: string | undefined): DataFormat {
  if (format !== undefined && format !== '') {
    switch (format.toLowerCase()) {
      case 'jsondata':
      case 'sdmx-json':
      case 'json':
        return { kind: 'json', labels: 'id', attachment: false };
      case 'csv':
      case 'sdmx-csv':
        return { kind: 'csv', labels: 'id', attachment: false };
      case 'csvfile':
        return { kind: 'csv', labels: 'id', attachment: true };
      case 'csvfilewithlabels':
        return { kind: 'csv', labels: 'both', attachment: true };
      default:
        throw new SdmxError('notAcceptable', 'sdmx.error.format', { value: format });
    }
  }
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return { kind: 'json', labels: 'id', attachment: false };
  for (const r of ranges) {
    if (r.type === 'application/vnd.sdmx.data+json' && versionOk(r.params)) {
      return { kind: 'json', labels: 'id', attachment: false };
    }
    if (r.type === 'application/vnd.sdmx.data+csv' && versionOk(r.params)) {
      const labels = r.params.labels === 'both' ? 'both' : 'id';
      if (r.params.labels && r.params.labels !== 'id' && r.params.labels !== 'both') continue;
      // Only the original time format is offered.
      if (r.params.timeformat && r.params.timeformat !== 'original') continue;
      return { kind: 'csv', labels, attachment: false };
    }
    if (r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*') {
      return { kind: 'json', labels: 'id', attachment: false };
    }
    if (r.type === 'text/csv' || r.type === 'text/*') return { kind: 'csv', labels: 'id', attachment: false };
  }
  throw new SdmxError('notAcceptable', 'sdmx.error.accept', { value: accept ?? '' });
}

export function negotiateStructure(accept: string | undefined, format: string | undefined): void {
  if (format !== undefined && format !== '') {
    if (['structurejson', 'sdmx-json', 'json', 'jsonstructure'].includes(format.toLowerCase())) return;
    throw new SdmxError('notAcceptable', 'sdmx.error.format', { value: format });
  }
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return;
  for (const r of ranges) {
    if (r.type === 'application/vnd.sdmx.structure+json' && versionOk(r.params)) return;
    if (r.type === 'application/json' || r.type === '*/*' || r.type === 'application/*') return;
  }
  throw new SdmxError('notAcceptable', 'sdmx.error.accept', { value: accept ?? '' });
}
