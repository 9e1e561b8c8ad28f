export { type ExtractFailure, type ExtractOutcome, extractText } from './extract.ts';
export {
  attachmentDisposition,
  CONTENT_TYPES,
  FILE_KINDS,
  type FileKind,
  isFileKind,
  KIND_LABELS,
  kindFromName,
  safeFileName,
} from './kinds.ts';
export { type SniffResult, sniffFile } from './sniff.ts';
export { type FileStore, fileStore, LocalFileStore, type StagedFile, type StoredBlob } from './store.ts';
