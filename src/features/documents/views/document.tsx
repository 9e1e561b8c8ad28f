import type { DocumentFile, DocumentRow } from '../../../db/schema.ts';
import { renderMarkdown } from '../../../platform/content/markdown.ts';
import { type FileKind, KIND_LABELS } from '../../../platform/files/index.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, formatDate, formatNumber, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, type Locale } from '../../../platform/i18n/locales.ts';
import { Button, ErrorSummary, Form, Link, LocalizedText, Notice } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { splitKeywords } from '../model.ts';
import { AccessBadge, formatBytes, StatusBadge } from './shared.tsx';
import { FileField } from './form.tsx';

export interface DocumentPageProps {
  doc: DocumentRow;
  themes: { code: string; name: string; orig_locale: string }[];
  institution: { name: string; acronym: string | null } | null;
  files: DocumentFile[];
  canEdit: boolean;
  canRestore: boolean;
  notice?: 'saved' | 'created' | 'version' | 'restored' | null;
  versionErrors?: FieldError[];
  jsonLd: string | null;
}

function FileStatus({ file }: { file: DocumentFile }) {
  const { t } = useCtx();
  const status = file.extraction_status;
  if (status === 'done') {
    return (
      <span class="badge badge--ok">
        {t(file.extracted_truncated ? 'documents.extraction.truncated' : 'documents.extraction.done')}
      </span>
    );
  }
  if (status === 'failed') {
    return (
      <span class="badge badge--error">
        {t('documents.extraction.failed', {
          reason: t(`documents.extraction.error.${file.extraction_error ?? 'corrupt'}`),
        })}
      </span>
    );
  }
  return <span class="badge">{t(`documents.extraction.${status}`)}</span>;
}

function FileList({
  doc,
  files,
  showStatus,
}: {
  doc: DocumentRow;
  files: DocumentFile[];
  showStatus: boolean;
}) {
  const { t, locale } = useCtx();
  return (
    <ul class="file-list">
      {files.map((f) => (
        <li key={f.id}>
          <Link href={`/documents/${doc.id}/files/${f.id}`} download>
            {f.original_name}
          </Link>{' '}
          <span class="meta">
            {t('documents.file.meta', {
              kind: KIND_LABELS[f.kind as FileKind] ?? f.kind,
              size: formatBytes(f.size_bytes, locale),
              downloads: f.download_count,
            })}
          </span>
          {showStatus && (
            <>
              {' '}
              <FileStatus file={f} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export function DocumentPage(props: DocumentPageProps) {
  const { t, locale } = useCtx();
  const { doc } = props;
  const title = pick(doc.title, locale, doc.orig_locale);
  const summary = pick(doc.summary, locale, doc.orig_locale);
  const current = props.files.filter((f) => f.version === doc.current_version);
  const earlier = props.files.filter((f) => f.version !== doc.current_version);
  const versions = [...new Set(earlier.map((f) => f.version))].sort((a, b) => b - a);
  const keywords = splitKeywords(doc.keywords);
  const totalDownloads = props.files.reduce((n, f) => n + f.download_count, 0);
  const notices = {
    saved: t('form.saved'),
    created: t('documents.created'),
    version: t('documents.versionAdded'),
    restored: t('documents.restored'),
  };
  return (
    <Layout
      title={title.text}
      help="/help/user-manual-documents"
      island={props.canEdit ? 'upload' : undefined}
      hasErrors={!!props.versionErrors?.length}
      head={
        props.jsonLd ? (
          <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: props.jsonLd }} />
        ) : undefined
      }
    >
      <p class="breadcrumbs">
        <Link href="/documents">{t('documents.title')}</Link> ›{' '}
        <Link href={`/documents/sections/${doc.section}`}>{t(`documents.section.${doc.section}`)}</Link>
      </p>
      {props.notice && <Notice>{notices[props.notice]}</Notice>}
      {doc.deleted_at && (
        <Notice kind="warning">
          {t('documents.deletedNotice', { date: formatDate(doc.deleted_at, locale) })}
        </Notice>
      )}
      <h1>
        <LocalizedText picked={title} />
      </h1>
      <p>
        <AccessBadge access={doc.access} />{' '}
        {doc.status !== 'published' && <StatusBadge status={doc.status} />}
      </p>
      {summary.text && (
        <div class="doc-summary" lang={summary.lang}>
          {summary.fallback && (
            <p class="fallback-note">
              {t('content.originalLanguage', { language: LOCALE_NAMES[summary.lang as Locale] })}
            </p>
          )}
          <div dangerouslySetInnerHTML={{ __html: renderMarkdown(summary.text) }} />
        </div>
      )}
      <dl class="doc-meta">
        <dt>{t('documents.field.type')}</dt>
        <dd>{t(`documents.type.${doc.doc_type}`)}</dd>
        <dt>{t('documents.field.section')}</dt>
        <dd>
          <Link href={`/documents/sections/${doc.section}`}>{t(`documents.section.${doc.section}`)}</Link>
        </dd>
        {props.themes.length > 0 && (
          <>
            <dt>{t('documents.field.themes')}</dt>
            <dd>
              {props.themes.map((th, i) => (
                <span key={th.code}>
                  {i > 0 && ', '}
                  <Link href={`/themes/${th.code}`}>{pick(th.name, locale, th.orig_locale).text}</Link>
                </span>
              ))}
            </dd>
          </>
        )}
        <dt>{t('documents.field.country')}</dt>
        <dd>
          {doc.country_iso3 ? (
            <Link href={`/documents/countries/${doc.country_iso3}`}>
              {countryName(doc.country_iso3, locale)}
            </Link>
          ) : (
            t('documents.regional')
          )}
        </dd>
        {props.institution && (
          <>
            <dt>{t('documents.field.institution')}</dt>
            <dd>
              {props.institution.name}
              {props.institution.acronym && ` (${props.institution.acronym})`}
            </dd>
          </>
        )}
        {doc.authors && (
          <>
            <dt>{t('documents.field.authors')}</dt>
            <dd>{doc.authors}</dd>
          </>
        )}
        {doc.publication_date && (
          <>
            <dt>{t('documents.field.publicationDate')}</dt>
            <dd>
              <time dateTime={doc.publication_date}>{formatDate(doc.publication_date, locale)}</time>
            </dd>
          </>
        )}
        <dt>{t('documents.field.language')}</dt>
        <dd>{LOCALE_NAMES[doc.orig_locale as Locale] ?? doc.orig_locale}</dd>
        {keywords.length > 0 && (
          <>
            <dt>{t('documents.field.keywords')}</dt>
            <dd>
              {keywords.map((k) => (
                <span class="tag" key={k}>
                  {k}
                </span>
              ))}
            </dd>
          </>
        )}
        <dt>{t('documents.field.downloads')}</dt>
        <dd>{formatNumber(totalDownloads, locale)}</dd>
      </dl>

      {doc.external_url && (
        <p>
          <a href={doc.external_url} rel="noopener noreferrer external">
            {t('documents.externalLink')}
          </a>
        </p>
      )}

      {current.length > 0 && (
        <section aria-labelledby="doc-files">
          <h2 id="doc-files">{t('documents.files')}</h2>
          <FileList doc={doc} files={current} showStatus={props.canEdit} />
        </section>
      )}

      {versions.length > 0 && (
        <section aria-labelledby="doc-versions">
          <h2 id="doc-versions">{t('documents.earlierVersions')}</h2>
          {versions.map((v) => {
            const files = earlier.filter((f) => f.version === v);
            return (
              <div key={v}>
                <h3>
                  {t('documents.version', { version: v })}{' '}
                  <span class="meta">{formatDate(files[0]!.created_at, locale)}</span>
                </h3>
                <FileList doc={doc} files={files} showStatus={false} />
              </div>
            );
          })}
        </section>
      )}

      {props.canEdit && (
        <section aria-labelledby="doc-manage" class="doc-manage">
          <h2 id="doc-manage">{t('documents.manage.heading')}</h2>
          <p>
            <Link href={`/documents/${doc.id}/edit`} class="button button--secondary">
              {t('documents.edit.button')}
            </Link>
          </p>
          <h3>{t('documents.newVersion.heading')}</h3>
          <p class="hint">{t('documents.newVersion.hint')}</p>
          <Form action={`/documents/${doc.id}/files`} multipart data-upload>
            <ErrorSummary errors={props.versionErrors} />
            <FileField errors={props.versionErrors} />
            <Button>{t('documents.newVersion.submit')}</Button>
          </Form>
          <Form action={`/documents/${doc.id}/delete`} data-confirm={t('documents.delete.confirm')}>
            <Button variant="danger">{t('documents.delete.button')}</Button>
          </Form>
        </section>
      )}
      {props.canRestore && (
        <Form action={`/documents/${doc.id}/restore`}>
          <Button>{t('documents.restore.button')}</Button>
        </Form>
      )}
    </Layout>
  );
}
