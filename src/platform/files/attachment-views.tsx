import type { FieldError } from '../http/errors.ts';
import { formatNumber } from '../i18n/format.ts';
import type { Locale } from '../i18n/locales.ts';
import { fieldId } from '../../views/components.tsx';
import { useCtx } from '../../views/context.ts';
import { ATTACHMENT_FIELD, type AttachmentRow, attachmentUrl, MAX_ATTACHMENTS } from './attachments.ts';
import { type FileKind, KIND_LABELS } from './kinds.ts';

export const ATTACHMENT_ACCEPT = '.pdf,.docx,.xlsx,.pptx,.odt,.txt,.md,.csv,.html,.htm';

export function formatSize(n: number, locale: Locale): string {
  if (n < 1024) return `${formatNumber(n, locale)} B`;
  if (n < 1024 * 1024) return `${formatNumber(n / 1024, locale, 0)} KB`;
  return `${formatNumber(n / (1024 * 1024), locale, 1)} MB`;
}

/** The files attached to something, as download links with their type and size. */
export function AttachmentList({ items, headingId }: { items: AttachmentRow[]; headingId?: string }) {
  const { t, locale } = useCtx();
  if (items.length === 0) return null;
  const label = t('attachments.heading', { count: items.length });
  return (
    <div class="attachments">
      {headingId ? (
        <h3 id={headingId} class="attachments-heading">
          {label}
        </h3>
      ) : (
        <p class="attachments-heading">{label}</p>
      )}
      <ul class="attachment-list">
        {items.map((a) => (
          <li key={a.id}>
            <a href={attachmentUrl(a)} download>
              {a.original_name}
            </a>{' '}
            <span class="attachment-meta">
              ({KIND_LABELS[a.kind as FileKind] ?? a.kind}, {formatSize(a.size, locale)})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The file input of a form with attachments; the form must be `<Form multipart>`. */
export function AttachmentField({ errors, maxMb }: { errors?: FieldError[]; maxMb: number }) {
  const { t } = useCtx();
  const err = errors?.find((e) => e.field === ATTACHMENT_FIELD);
  const id = fieldId(ATTACHMENT_FIELD);
  return (
    <div class={err ? 'field field--error' : 'field'}>
      <label for={id}>{t('attachments.field')}</label>
      <p class="hint" id={`${id}-hint`}>
        {t('attachments.hint', { max: maxMb, count: MAX_ATTACHMENTS })}
      </p>
      {err && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">{t('form.errorPrefix')} </span>
          {t(err.key, err.values)}
        </p>
      )}
      <input
        id={id}
        name={ATTACHMENT_FIELD}
        type="file"
        multiple
        accept={ATTACHMENT_ACCEPT}
        class="input"
        aria-invalid={err ? 'true' : undefined}
        aria-describedby={err ? `${id}-hint ${id}-error` : `${id}-hint`}
      />
    </div>
  );
}
