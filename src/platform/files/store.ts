import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** A blob in the store, named by the SHA-256 of its content. */
export interface StoredBlob {
  sha256: string;
  size: number;
}

/** An upload written to a temporary place, hashed, not yet in the store. */
export interface StagedFile extends StoredBlob {
  tempPath: string;
}

/**
 * Where uploaded files live. Content-addressed: the same bytes are stored once, and no stored
 * name ever comes from the user. The local-disk store is the default; an S3-compatible store
 * can implement the same interface.
 */
export interface FileStore {
  /** Writes a stream to a temporary file while hashing it. */
  stage(source: Readable): Promise<StagedFile>;
  /** Moves a staged file into the store (a no-op when the same content is already there). */
  commit(staged: StagedFile): Promise<StoredBlob>;
  /** Removes a staged file that was refused. */
  discard(staged: StagedFile): Promise<void>;
  /** Reads a staged file (for checks before committing). */
  readStaged(staged: StagedFile): Promise<Buffer>;
  put(data: Uint8Array): Promise<StoredBlob>;
  read(sha256: string): Promise<Buffer>;
  open(sha256: string): Readable;
  exists(sha256: string): Promise<boolean>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export class LocalFileStore implements FileStore {
  constructor(readonly root: string) {}

  private blobPath(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('invalid blob id');
    return path.join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  private async tempPath(): Promise<string> {
    const dir = path.join(this.root, 'tmp');
    await fsp.mkdir(dir, { recursive: true });
    return path.join(dir, `${Date.now()}-${randomBytes(8).toString('hex')}.part`);
  }

  async stage(source: Readable): Promise<StagedFile> {
    const tempPath = await this.tempPath();
    const hash = createHash('sha256');
    let size = 0;
    source.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(source, fs.createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
    } catch (err) {
      await fsp.rm(tempPath, { force: true });
      throw err;
    }
    return { tempPath, sha256: hash.digest('hex'), size };
  }

  async commit(staged: StagedFile): Promise<StoredBlob> {
    const target = this.blobPath(staged.sha256);
    await fsp.mkdir(path.dirname(target), { recursive: true });
    if (await this.exists(staged.sha256)) {
      await fsp.rm(staged.tempPath, { force: true });
    } else {
      // rename is atomic on one file system: readers see the whole file or none.
      await fsp.rename(staged.tempPath, target);
    }
    return { sha256: staged.sha256, size: staged.size };
  }

  async discard(staged: StagedFile): Promise<void> {
    await fsp.rm(staged.tempPath, { force: true });
  }

  readStaged(staged: StagedFile): Promise<Buffer> {
    return fsp.readFile(staged.tempPath);
  }

  async put(data: Uint8Array): Promise<StoredBlob> {
    const sha256 = createHash('sha256').update(data).digest('hex');
    if (await this.exists(sha256)) return { sha256, size: data.length };
    const tempPath = await this.tempPath();
    await fsp.writeFile(tempPath, data, { flag: 'wx', mode: 0o600 });
    return this.commit({ tempPath, sha256, size: data.length });
  }

  read(sha256: string): Promise<Buffer> {
    return fsp.readFile(this.blobPath(sha256));
  }

  open(sha256: string): Readable {
    return fs.createReadStream(this.blobPath(sha256));
  }

  async exists(sha256: string): Promise<boolean> {
    try {
      await fsp.access(this.blobPath(sha256));
      return true;
    } catch {
      return false;
    }
  }
}

const stores = new Map<string, FileStore>();

/** The store for a files directory (one instance per directory). */
export function fileStore(filesDir: string): FileStore {
  let store = stores.get(filesDir);
  if (!store) {
    store = new LocalFileStore(filesDir);
    stores.set(filesDir, store);
  }
  return store;
}
