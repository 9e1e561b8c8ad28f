import type { MessageValues } from '../i18n/catalog.ts';
import type { Localized } from '../i18n/format.ts';
import { LOCALES } from '../i18n/locales.ts';

/** An error the reader should see, named by a message key in their language. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly messageKey: string,
    readonly values?: MessageValues,
  ) {
    super(messageKey);
  }
}

export class NotFoundError extends HttpError {
  constructor() {
    super(404, 'error.notFound');
  }
}

export interface FieldError {
  field: string;
  key: string;
  values?: MessageValues;
}

/** Bad input: each problem names the field it belongs to, for the error summary. */
export class ValidationError extends HttpError {
  constructor(readonly errors: FieldError[]) {
    super(422, 'error.validation');
  }
}

/** Collects field errors; throw once at the end so the reader sees every problem at once. */
export class FieldErrors {
  readonly list: FieldError[] = [];
  add(field: string, key: string, values?: MessageValues): void {
    if (!this.list.some((e) => e.field === field)) this.list.push({ field, key, values });
  }
  /** A required text, trimmed, of at most `max` characters; one problem at most is added for `field`. */
  requiredText(
    field: string,
    value: string,
    max: number,
    keys: { required: string; tooLong: string },
  ): string {
    const text = value.trim();
    if (!text) this.add(field, keys.required);
    else if (text.length > max) this.add(field, keys.tooLong, { max });
    return text;
  }
  /**
   * Per-language texts (`title_en`, `title_es` …) of at most `max` characters each, checked
   * language by language (the order of the error summary), each language's fields in turn.
   */
  maxLengths(key: string, fields: { name: string; values: Localized; max: number }[]): void {
    for (const l of LOCALES) {
      for (const f of fields)
        if ((f.values[l]?.length ?? 0) > f.max) this.add(`${f.name}_${l}`, key, { max: f.max });
    }
  }
  has(field?: string): boolean {
    return field ? this.list.some((e) => e.field === field) : this.list.length > 0;
  }
  throwIfAny(): void {
    if (this.list.length) throw new ValidationError(this.list);
  }
}
