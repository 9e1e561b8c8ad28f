import type { MessageValues } from '../i18n/catalog.ts';

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
  has(field?: string): boolean {
    return field ? this.list.some((e) => e.field === field) : this.list.length > 0;
  }
  throwIfAny(): void {
    if (this.list.length) throw new ValidationError(this.list);
  }
}
