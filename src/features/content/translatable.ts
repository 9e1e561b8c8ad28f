import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Action, assertCan } from '../../platform/auth/policy.ts';
import { FieldErrors, NotFoundError } from '../../platform/http/errors.ts';
import type { Localized } from '../../platform/i18n/format.ts';
import { isLocale, LOCALE_NAMES, LOCALES } from '../../platform/i18n/locales.ts';
import { type ContentRepository, contentRepository } from './repository.ts';

/**
 * A translatable record of the site content (page, news item, theme, link): per-language texts
 * stored as JSON with the language they were written in, checked field by field with the names
 * the forms use (`title_es`, `sort_order`…), written in one transaction with its audit record
 * and, for the kinds that are searched, its search entries. Each kind describes its own fields
 * and checks in a `RecordKind`; the functions below do the rest the same way for all of them.
 */

/** A per-language text of a kind: the column and form field name, its length limit, and the
 * message shown when the original language has no text (null when it may stay empty). */
export interface TextSpec {
  name: string;
  max: number;
  required: string | null;
}

/** What every kind's input has; `sortOrder` only when the kind is ordered by hand. */
export interface TranslatableInput {
  origLocale: string;
  sortOrder?: number;
}

type Trx = Kysely<Database>;

export interface CheckContext<T, Input> {
  errors: FieldErrors;
  input: Input;
  /** The record being changed; undefined when one is created. */
  existing: Selectable<T> | undefined;
  repo: ContentRepository;
}

export interface RecordKind<T, Input extends TranslatableInput, Key> {
  /** The policy action every write needs. */
  manage: Action;
  /** Audit actions are `<audit>.create`, `<audit>.update`, `<audit>.delete` and `<audit>.restore`. */
  audit: string;
  objectType: string;
  texts: readonly TextSpec[];
  find(repo: ContentRepository, key: Key): Promise<Selectable<T> | undefined>;
  /** Soft-deleted (kinds with a `deleted_at` column, the only ones `remove` and `restore` are
   * for): such a record is not found for changes, only for restoring. */
  isRemoved?(row: Selectable<T>): boolean;
  /** The audit record's object id. */
  keyOf(row: Selectable<T>): string | number;
  /** The record as input, the base of a partial update (kinds changed with `recordService`). */
  inputOf?(row: Selectable<T>): Input;
  /**
   * The kind's own checks. `shared()` adds the checks every kind has (original language, sort
   * order, texts) at the place where the kind wants their errors listed.
   */
  validate?(ctx: CheckContext<T, Input>, shared: () => void): void | Promise<void>;
  /** The kind's columns besides the texts, `orig_locale` and `updated_at`. */
  columns(input: Input, existing: Selectable<T> | undefined, now: string): Updateable<T>;
  /** Columns written only when the record is created. */
  created?(input: Input, actor: Actor | null, now: string): Partial<Insertable<T>>;
  insert(repo: ContentRepository, values: Insertable<T>): Promise<Selectable<T>>;
  update(repo: ContentRepository, row: Selectable<T>, values: Updateable<T>): Promise<Selectable<T>>;
  /** The audit action of a change, when it says more than `<audit>.update`. */
  updateAction?(before: Selectable<T>, after: Selectable<T>): string;
  /** Replaces the record's search entries (in the same transaction). */
  index?(trx: Trx, row: Selectable<T>): Promise<void>;
}

const MAX_SORT_ORDER = 100_000;

/** Trimmed per-language texts, without the empty ones. */
function cleanLocalized(value: unknown): Localized {
  const out: Localized = {};
  if (!value || typeof value !== 'object') return out;
  for (const l of LOCALES) {
    const v = (value as Record<string, unknown>)[l];
    if (typeof v === 'string' && v.trim()) out[l] = v.trim();
  }
  return out;
}

/** Per-language merge for partial updates: a language sent as "" is removed. */
function mergeLocalized(current: Localized, patch: unknown): Localized {
  if (!patch || typeof patch !== 'object') return current;
  const out: Localized = { ...current };
  for (const l of LOCALES) {
    const v = (patch as Record<string, unknown>)[l];
    if (typeof v !== 'string') continue;
    if (v.trim()) out[l] = v.trim();
    else delete out[l];
  }
  return out;
}

function checkLocalized(errors: FieldErrors, spec: TextSpec, value: Localized, origLocale: string): void {
  if (spec.required && isLocale(origLocale) && !value[origLocale]) {
    errors.add(`${spec.name}_${origLocale}`, spec.required, { language: LOCALE_NAMES[origLocale] });
  }
  for (const l of LOCALES) {
    if ((value[l]?.length ?? 0) > spec.max) {
      errors.add(`${spec.name}_${l}`, 'content.error.tooLong', { max: spec.max });
    }
  }
}

const textOf = (input: object, name: string): unknown => (input as Record<string, unknown>)[name];

/**
 * Checks `input` and writes it as a new record (`existing` undefined) or over `existing`, with
 * its audit record and search entries, in `trx`. Bad input throws a ValidationError.
 */
export async function writeRecord<T, Input extends TranslatableInput, Key>(
  trx: Trx,
  actor: Actor | null,
  kind: RecordKind<T, Input, Key>,
  existing: Selectable<T> | undefined,
  input: Input,
): Promise<Selectable<T>> {
  const repo = contentRepository(trx);
  const errors = new FieldErrors();
  const texts = kind.texts.map((spec) => ({ spec, value: cleanLocalized(textOf(input, spec.name)) }));
  const shared = () => {
    if (!isLocale(input.origLocale)) errors.add('orig_locale', 'content.error.origLocale');
    const sortOrder = input.sortOrder;
    if (sortOrder !== undefined && (!Number.isInteger(sortOrder) || Math.abs(sortOrder) > MAX_SORT_ORDER)) {
      errors.add('sort_order', 'content.error.sortOrder');
    }
    for (const { spec, value } of texts) checkLocalized(errors, spec, value, input.origLocale);
  };
  if (kind.validate) await kind.validate({ errors, input, existing, repo }, shared);
  else shared();
  errors.throwIfAny();

  const now = nowIso();
  const values: Record<string, unknown> = { ...kind.columns(input, existing, now) };
  for (const { spec, value } of texts) values[spec.name] = JSON.stringify(value);
  values.orig_locale = input.origLocale;
  values.updated_at = now;
  // The kind's columns are typed; the text columns are named by its TextSpecs.
  const row = existing
    ? await kind.update(repo, existing, values as Updateable<T>)
    : await kind.insert(repo, { ...values, ...kind.created?.(input, actor, now) } as Insertable<T>);
  const action = existing
    ? (kind.updateAction?.(existing, row) ?? `${kind.audit}.update`)
    : `${kind.audit}.create`;
  await recordChange(trx, actor, kind, action, existing, row);
  return row;
}

/** The audit record of a change and the record's search entries, in the change's transaction. */
async function recordChange<T, Input extends TranslatableInput, Key>(
  trx: Trx,
  actor: Actor | null,
  kind: RecordKind<T, Input, Key>,
  action: string,
  before: Selectable<T> | undefined,
  after: Selectable<T>,
): Promise<void> {
  await audit(trx, actor, {
    action,
    objectType: kind.objectType,
    objectId: kind.keyOf(after),
    before,
    after,
  });
  await kind.index?.(trx, after);
}

/** A kind changed field by field (`recordService`). */
export type ChangeableKind<T, Input extends TranslatableInput, Key> = RecordKind<T, Input, Key> &
  Required<Pick<RecordKind<T, Input, Key>, 'inputOf'>>;

function mergedInput<T, Input extends TranslatableInput, Key>(
  kind: ChangeableKind<T, Input, Key>,
  existing: Selectable<T>,
  patch: Partial<Input>,
  replaceTexts: boolean,
): Input {
  const current = kind.inputOf(existing);
  const out = { ...current } as Record<string, unknown>;
  for (const [field, value] of Object.entries(patch)) if (value != null) out[field] = value;
  for (const { name } of kind.texts) {
    const sent = textOf(patch, name);
    out[name] = replaceTexts
      ? cleanLocalized(sent)
      : mergeLocalized(textOf(current, name) as Localized, sent);
  }
  return out as Input;
}

/**
 * Create, change, soft-delete and restore for one kind, each checked and in its own transaction.
 * A change leaves the fields missing from the patch as they are and merges the texts language by
 * language, a language sent as "" being removed; with `replaceTexts` (the forms, which send every
 * language) the texts are replaced as a whole.
 */
export function recordService<T, Input extends TranslatableInput, Key>(
  db: Db,
  kind: ChangeableKind<T, Input, Key>,
) {
  async function live(repo: ContentRepository, key: Key): Promise<Selectable<T>> {
    const existing = await kind.find(repo, key);
    if (!existing || kind.isRemoved?.(existing)) throw new NotFoundError();
    return existing;
  }

  /** Soft delete or restore: only `deleted_at` changes. */
  async function setRemoved(trx: Trx, actor: Actor | null, existing: Selectable<T>, removed: boolean) {
    const now = nowIso();
    const values = { deleted_at: removed ? now : null, updated_at: now } as unknown as Updateable<T>;
    const row = await kind.update(contentRepository(trx), existing, values);
    await recordChange(trx, actor, kind, `${kind.audit}.${removed ? 'delete' : 'restore'}`, existing, row);
    return row;
  }

  return {
    create(actor: Actor | null, input: Input): Promise<Selectable<T>> {
      assertCan(actor, kind.manage);
      return db.transaction().execute((trx) => writeRecord(trx, actor, kind, undefined, input));
    },

    update(
      actor: Actor | null,
      key: Key,
      patch: Partial<Input>,
      opts: { replaceTexts?: boolean } = {},
    ): Promise<Selectable<T>> {
      assertCan(actor, kind.manage);
      return db.transaction().execute(async (trx) => {
        const existing = await live(contentRepository(trx), key);
        const input = mergedInput(kind, existing, patch, !!opts.replaceTexts);
        return writeRecord(trx, actor, kind, existing, input);
      });
    },

    /** Soft delete: the record leaves every public list; the Secretariat can restore it. */
    async remove(actor: Actor | null, key: Key): Promise<void> {
      assertCan(actor, kind.manage);
      await db.transaction().execute(async (trx) => {
        const existing = await live(contentRepository(trx), key);
        await setRemoved(trx, actor, existing, true);
      });
    },

    restore(actor: Actor | null, key: Key): Promise<Selectable<T>> {
      assertCan(actor, kind.manage);
      return db.transaction().execute(async (trx) => {
        const existing = await kind.find(contentRepository(trx), key);
        if (!existing) throw new NotFoundError();
        if (!kind.isRemoved?.(existing)) return existing;
        return setRemoved(trx, actor, existing, false);
      });
    },
  };
}
