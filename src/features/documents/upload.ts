import type { FastifyRequest } from 'fastify';
import { type FileStore, sniffFile } from '../../platform/files/index.ts';
import { FieldErrors, HttpError } from '../../platform/http/errors.ts';
import { intParam } from '../../platform/http/form.ts';
import type { Localized } from '../../platform/i18n/format.ts';
import { LOCALES } from '../../platform/i18n/locales.ts';
import type { DocumentInput, Upload } from './service.ts';

export type Fields = Record<string, string | string[]>;

// @fastify/multipart reads this option of parts() although its types only list busboy's.
const NO_THROW_ON_LIMIT = { throwFileSizeLimit: false } as unknown as Parameters<FastifyRequest['parts']>[0];

export interface ParsedUpload {
  fields: Fields;
  uploads: Upload[];
  errors: FieldErrors;
}

/**
 * Reads a multipart request: fields, and each file staged on disk and checked by its content
 * (never its name). Refused files become field errors on `files`, and are not kept.
 */
export async function readMultipart(
  request: FastifyRequest,
  store: FileStore,
  maxBytes: number,
): Promise<ParsedUpload> {
  if (!request.isMultipart()) throw new HttpError(415, 'error.unsupportedMediaType');
  const fields: Fields = {};
  const uploads: Upload[] = [];
  const errors = new FieldErrors();
  const maxMb = Math.round(maxBytes / (1024 * 1024));
  try {
    // A file over the limit is truncated, not thrown: it becomes a field error like any other refusal.
    for await (const part of request.parts(NO_THROW_ON_LIMIT)) {
      if (part.type === 'field') {
        if (typeof part.value !== 'string') continue;
        const prev = fields[part.fieldname];
        fields[part.fieldname] =
          prev === undefined ? part.value : Array.isArray(prev) ? [...prev, part.value] : [prev, part.value];
        continue;
      }
      const name = (part.filename ?? '').split(/[\\/]/).pop()!.trim();
      if (!name) {
        // An empty file input still sends a part; there is nothing in it.
        part.file.resume();
        continue;
      }
      let staged: Awaited<ReturnType<FileStore['stage']>>;
      try {
        staged = await store.stage(part.file);
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          errors.add('files', 'documents.error.fileTooLarge', { name, max: maxMb });
          continue;
        }
        throw err;
      }
      if (part.file.truncated) {
        await store.discard(staged);
        errors.add('files', 'documents.error.fileTooLarge', { name, max: maxMb });
        continue;
      }
      const sniffed = sniffFile(await store.readStaged(staged));
      if (!sniffed.ok) {
        await store.discard(staged);
        errors.add(
          'files',
          sniffed.reason === 'empty' ? 'documents.error.fileEmpty' : 'documents.error.fileType',
          { name },
        );
        continue;
      }
      uploads.push({ staged, name, kind: sniffed.kind, contentType: sniffed.contentType });
    }
  } catch (err) {
    for (const u of uploads) await store.discard(u.staged).catch(() => undefined);
    if ((err as { code?: string }).code === 'FST_FILES_LIMIT')
      throw new HttpError(413, 'documents.error.tooManyFiles');
    throw err;
  }
  return { fields, uploads, errors };
}

function one(fields: Fields, name: string): string | undefined {
  const v = fields[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? (v[0] ?? '') : v).trim();
}

function many(fields: Fields, name: string): string[] | undefined {
  const v = fields[name];
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).map((s) => s.trim()).filter(Boolean);
}

function localized(fields: Fields, prefix: string): Localized | undefined {
  let seen = false;
  const out: Localized = {};
  for (const l of LOCALES) {
    const v = one(fields, `${prefix}_${l}`);
    if (v !== undefined) {
      seen = true;
      out[l] = v;
    }
  }
  return seen ? out : undefined;
}

function nullable(v: string | undefined): string | null | undefined {
  return v === undefined ? undefined : v === '' ? null : v;
}

/**
 * A document's fields from a form (urlencoded or multipart). Fields that are absent stay
 * undefined, so the service keeps their current value or its default.
 */
export function inputFromFields(fields: Fields): DocumentInput {
  const institution = one(fields, 'institution_id');
  const country = nullable(one(fields, 'country_iso3'));
  return {
    title: localized(fields, 'title'),
    summary: localized(fields, 'summary'),
    origLocale: one(fields, 'orig_locale'),
    docType: one(fields, 'doc_type'),
    section: one(fields, 'section'),
    // A form always sends the themes block; the marker tells "none ticked" from "not on this form".
    themes: many(fields, 'themes') ?? (one(fields, 'themes_present') !== undefined ? [] : undefined),
    countryIso3: country === undefined ? undefined : country === null ? null : country.toUpperCase(),
    institutionId:
      institution === undefined ? undefined : institution === '' ? null : (intParam(institution) ?? -1),
    authors: one(fields, 'authors'),
    publicationDate: nullable(one(fields, 'publication_date')),
    keywords: one(fields, 'keywords'),
    externalUrl: nullable(one(fields, 'external_url')),
    access: one(fields, 'access'),
    status: one(fields, 'status'),
  };
}
