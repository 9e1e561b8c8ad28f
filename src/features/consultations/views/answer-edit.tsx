import { LanguageSelect } from '../../../views/localized-fields.tsx';
import { AttachmentField, formatSize } from '../../../platform/files/attachment-views.tsx';
import type { AttachmentRow } from '../../../platform/files/attachments.ts';
import { type FileKind, KIND_LABELS } from '../../../platform/files/kinds.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, pick } from '../../../platform/i18n/format.ts';
import {
  Button,
  ErrorSummary,
  Form,
  fieldId,
  Link,
  LocalizedText,
  TextArea,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { Answer, Consultation } from '../model.ts';

/** What the form shows: the answer as stored, or as sent back with errors. */
export interface AnswerEditValues {
  body: string;
  origLocale: string;
  removeFiles: string[];
}

export interface EditAnswerPageProps {
  c: Consultation;
  a: Answer;
  institution: string | null;
  files: AttachmentRow[];
  values: AnswerEditValues;
  errors?: FieldError[];
  maxMb: number;
}

/** The page that corrects one answer: text, language, files removed or added. */
export function EditAnswerPage(props: EditAnswerPageProps) {
  const { t, locale } = useCtx();
  const { c, a, values, errors } = props;
  const title = pick(c.title, locale, c.orig_locale);
  const back = `/consultations/${c.id}#answer-${a.id}`;
  const removeError = errors?.find((e) => e.field === 'remove_files');
  const by = `${countryName(a.country_iso3, locale)}${props.institution ? ` — ${props.institution}` : ''}`;
  return (
    <Layout
      title={t('consultations.editAnswer.title')}
      help="/help/user-manual-consultations"
      hasErrors={!!errors?.length}
    >
      <p class="breadcrumb">
        <Link href="/consultations">{t('consultations.title')}</Link> ›{' '}
        <Link href={`/consultations/${c.id}`}>
          <LocalizedText picked={title} />
        </Link>
      </p>
      <h1>{t('consultations.editAnswer.title')}</h1>
      <p class="lead">{t('consultations.editAnswer.answerOf', { by })}</p>
      <p class="hint">{t('consultations.editAnswer.lead')}</p>
      <ErrorSummary errors={errors} />
      <Form action={`/consultations/${c.id}/answers/${a.id}/edit`} multipart>
        <LanguageSelect
          name="orig_locale"
          label={t('consultations.field.language')}
          value={values.origLocale}
          errors={errors}
        />
        <TextArea
          name="body"
          label={t('consultations.answerForm.body')}
          hint={t('consultations.field.bodyHint')}
          value={values.body}
          rows={12}
          errors={errors}
        />
        {props.files.length > 0 && (
          <fieldset class={removeError ? 'field field--error' : 'field'} id={fieldId('remove_files')}>
            <legend>{t('consultations.editAnswer.files')}</legend>
            <p class="hint">{t('consultations.editAnswer.filesHint')}</p>
            {removeError && (
              <p class="field-error" id={`${fieldId('remove_files')}-error`}>
                <span class="visually-hidden">{t('form.errorPrefix')} </span>
                {t(removeError.key, removeError.values)}
              </p>
            )}
            {props.files.map((f) => {
              const id = fieldId(`remove_files-${f.id}`);
              return (
                <div class="checkbox" key={f.id}>
                  <input
                    type="checkbox"
                    id={id}
                    name="remove_files"
                    value={String(f.id)}
                    checked={values.removeFiles.includes(String(f.id))}
                  />
                  <label for={id}>
                    {t('consultations.editAnswer.remove', { name: f.original_name })}{' '}
                    <span class="attachment-meta">
                      ({KIND_LABELS[f.kind as FileKind] ?? f.kind}, {formatSize(f.size, locale)})
                    </span>
                  </label>
                </div>
              );
            })}
          </fieldset>
        )}
        <AttachmentField errors={errors} maxMb={props.maxMb} />
        <div class="actions">
          <Button>{t('consultations.editAnswer.submit')}</Button> <Link href={back}>{t('form.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}
