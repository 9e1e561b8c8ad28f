import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely, Selectable } from 'kysely';
import type { AppDeps } from '../../app.ts';
import { nowIso } from '../../db/dialect.ts';
import type { AttachmentsTable, Database } from '../../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { FieldErrors, HttpError, NotFoundError } from '../http/errors.ts';
import { intParam } from '../http/form.ts';
import { attachmentDisposition, type FileKind, isFileKind } from './kinds.ts';
import { sniffFile } from './sniff.ts';
import { type FileStore, fileStore, type StagedFile } from './store.ts';

/**
 * Files attached to things that are not library documents: a consultation, an answer, a post in
 * a study group… One table for all of them (`attachments`), the owner named by a type and an id.
 * Each owner type registers who may read its files; the download route asks it, so a file is
 * never more visible than the thing it is attached to.
 */

export type AttachmentRow = Selectable<AttachmentsTable>;

/** A file received and checked by its content, staged on disk but not yet stored. */
export interface AttachmentUpload {
  staged: StagedFile;
  name: string;
  kind: FileKind;
  contentType: string;
}

/** True when the actor may read the owner (and therefore its attachments). */
export type AttachmentReadCheck = (
  db: Kysely<Database>,
  actor: Actor | null,
  ownerId: number,
) => Promise<boolean>;

const owners = new Map<string, AttachmentReadCheck>();

/** Each owner type says who may read its attachments; call it when the feature registers. */
export function registerAttachmentOwner(ownerType: string, mayRead: AttachmentReadCheck): void {
  owners.set(ownerType, mayRead);
}

/** The most files one form or API call may attach. */
export const MAX_ATTACHMENTS = 10;

/** The field name of the file input. */
export const ATTACHMENT_FIELD = 'files';

export type FormFields = Record<string, string | string[]>;

export interface AttachmentForm {
  fields: FormFields;
  uploads: AttachmentUpload[];
  /** Refused files, as errors on the `files` field. */
  errors: FieldErrors;
}

// @fastify/multipart reads this option of parts() although its types only list busboy's.
const NO_THROW_ON_LIMIT = { throwFileSizeLimit: false } as unknown as Parameters<FastifyRequest['parts']>[0];

/**
 * Reads a form that may carry attachments: multipart (fields and files, each file staged and
 * checked by content, never by name) or, for the API, a JSON or urlencoded body without files.
 * Refused files become errors on the `files` field and are not kept.
 */
export async function readAttachmentForm(
  request: FastifyRequest,
  store: FileStore,
  maxBytes: number,
): Promise<AttachmentForm> {
  const errors = new FieldErrors();
  if (!request.isMultipart()) {
    const body = request.body;
    const fields: FormFields = {};
    if (body && typeof body === 'object' && !Array.isArray(body)) {
      for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
        if (typeof v === 'string') fields[k] = v;
        else if (typeof v === 'number' || typeof v === 'boolean') fields[k] = String(v);
        else if (Array.isArray(v)) fields[k] = v.filter((x) => typeof x === 'string') as string[];
      }
    }
    return { fields, uploads: [], errors };
  }
  const fields: FormFields = {};
  const uploads: AttachmentUpload[] = [];
  const maxMb = Math.round(maxBytes / (1024 * 1024));
  try {
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
      let staged: StagedFile;
      try {
        staged = await store.stage(part.file);
      } catch (err) {
        if ((err as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw err;
        errors.add(ATTACHMENT_FIELD, 'attachments.error.tooLarge', { name, max: maxMb });
        continue;
      }
      if (part.file.truncated) {
        await store.discard(staged);
        errors.add(ATTACHMENT_FIELD, 'attachments.error.tooLarge', { name, max: maxMb });
        continue;
      }
      const sniffed = sniffFile(await store.readStaged(staged));
      if (!sniffed.ok) {
        await store.discard(staged);
        errors.add(
          ATTACHMENT_FIELD,
          sniffed.reason === 'empty' ? 'attachments.error.empty' : 'attachments.error.type',
          { name },
        );
        continue;
      }
      uploads.push({ staged, name, kind: sniffed.kind, contentType: sniffed.contentType });
    }
  } catch (err) {
    await discardUploads(store, uploads);
    if ((err as { code?: string }).code === 'FST_FILES_LIMIT')
      throw new HttpError(413, 'attachments.error.tooMany', { max: MAX_ATTACHMENTS });
    throw err;
  }
  if (uploads.length > MAX_ATTACHMENTS) {
    await discardUploads(store, uploads);
    errors.add(ATTACHMENT_FIELD, 'attachments.error.tooMany', { max: MAX_ATTACHMENTS });
    return { fields, uploads: [], errors };
  }
  return { fields, uploads, errors };
}

/** Removes staged files that will not be kept (the form had errors, or the change was refused). */
export async function discardUploads(store: FileStore, uploads: readonly AttachmentUpload[]): Promise<void> {
  for (const u of uploads) await store.discard(u.staged).catch(() => undefined);
}

/**
 * Stores the staged files and records them as attachments of the owner, in the caller's
 * transaction. A blob left in the store by a transaction that rolls back is harmless: the store
 * is content-addressed and no row points to it.
 */
export async function saveAttachments(
  trx: Kysely<Database>,
  store: FileStore,
  actor: Actor,
  ownerType: string,
  ownerId: number,
  files: readonly AttachmentUpload[],
): Promise<AttachmentRow[]> {
  const out: AttachmentRow[] = [];
  for (const f of files) {
    await store.commit(f.staged);
    out.push(
      await trx
        .insertInto('attachments')
        .values({
          owner_type: ownerType,
          owner_id: ownerId,
          sha256: f.staged.sha256,
          original_name: f.name.slice(0, 255) || 'file',
          kind: f.kind,
          size: f.staged.size,
          content_type: f.contentType,
          created_by: actor.id > 0 ? actor.id : null,
          created_at: nowIso(),
          deleted_at: null,
        })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
  }
  return out;
}

/** The current attachments of some owners of one type, oldest first. */
export async function listAttachments(
  db: Kysely<Database>,
  ownerType: string,
  ownerIds: readonly number[],
): Promise<AttachmentRow[]> {
  if (ownerIds.length === 0) return [];
  return db
    .selectFrom('attachments')
    .selectAll()
    .where('owner_type', '=', ownerType)
    .where('owner_id', 'in', [...new Set(ownerIds)])
    .where('deleted_at', 'is', null)
    .orderBy('owner_id')
    .orderBy('id')
    .execute();
}

/** Soft-deletes one attachment of an owner (the owner's feature checks who may). */
export async function removeAttachment(
  trx: Kysely<Database>,
  ownerType: string,
  ownerId: number,
  attachmentId: number,
): Promise<AttachmentRow | undefined> {
  return trx
    .updateTable('attachments')
    .set({ deleted_at: nowIso() })
    .where('id', '=', attachmentId)
    .where('owner_type', '=', ownerType)
    .where('owner_id', '=', ownerId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Where an attachment is downloaded (no locale: the file is the same in every language). */
export function attachmentUrl(a: Pick<AttachmentRow, 'id'>): string {
  return `/attachments/${a.id}`;
}

/** The attachment as the JSON API shows it. */
export function attachmentJson(a: AttachmentRow) {
  return {
    id: a.id,
    name: a.original_name,
    kind: a.kind,
    contentType: a.content_type,
    size: a.size,
    sha256: a.sha256,
    createdAt: a.created_at,
    url: attachmentUrl(a),
  };
}

export const attachmentJsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    kind: { type: 'string' },
    contentType: { type: 'string' },
    size: { type: 'integer' },
    sha256: { type: 'string' },
    createdAt: { type: 'string' },
    url: {
      type: 'string',
      description: 'Download address; answers 404 to those who may not read the owner.',
    },
  },
} as const;

/**
 * The download route. Whoever may not read the owner gets the same 404 as for a file that does
 * not exist. Files are always served as downloads, never rendered in the site's origin.
 */
export async function attachmentRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const store = fileStore(deps.config.filesDir);
  app.get<{ Params: { id: string } }>(
    '/attachments/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      const id = intParam(request.params.id);
      const row = id
        ? await deps.db
            .selectFrom('attachments')
            .selectAll()
            .where('id', '=', id)
            .where('deleted_at', 'is', null)
            .executeTakeFirst()
        : undefined;
      const mayRead = row ? owners.get(row.owner_type) : undefined;
      if (!row || !mayRead || !(await mayRead(deps.db, request.actor, row.owner_id)))
        throw new NotFoundError();
      if (!isFileKind(row.kind) || !(await store.exists(row.sha256))) throw new NotFoundError();
      return reply
        .header('content-type', row.content_type)
        .header('content-disposition', attachmentDisposition(row.original_name, row.kind))
        .header('content-length', String(row.size))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cache-control', 'private, no-store')
        .send(store.open(row.sha256));
    },
  );
}
