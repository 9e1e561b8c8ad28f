/** One line of a field-by-field comparison of an audit record's before and after. */
export interface DiffRow {
  field: string;
  before: string | null;
  after: string | null;
  changed: boolean;
}

function parse(json: string | null): unknown {
  if (json === null) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** A value as the reader sees it: text as is, anything else as compact JSON; null and absent are empty. */
export function displayValue(v: unknown): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * Compares the stored before/after JSON of an audit record field by field. Objects are compared
 * key by key (keys in first-seen order, before's first); anything else is one row named "".
 */
export function auditDiff(beforeJson: string | null, afterJson: string | null): DiffRow[] {
  const before = parse(beforeJson);
  const after = parse(afterJson);
  if ((before === undefined || isRecord(before)) && (after === undefined || isRecord(after))) {
    const b = (before ?? {}) as Record<string, unknown>;
    const a = (after ?? {}) as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys.map((field) => {
      const bv = displayValue(b[field]);
      const av = displayValue(a[field]);
      const changed = before !== undefined && after !== undefined ? bv !== av : true;
      return {
        field,
        before: before === undefined ? null : bv,
        after: after === undefined ? null : av,
        changed,
      };
    });
  }
  const bv = displayValue(before);
  const av = displayValue(after);
  return [{ field: '', before: bv, after: av, changed: bv !== av }];
}
