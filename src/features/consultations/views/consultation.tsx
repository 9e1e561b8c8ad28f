import { renderMarkdown } from '../../../platform/content/markdown.ts';
import { AttachmentField, AttachmentList } from '../../../platform/files/attachment-views.tsx';
import type { AttachmentRow } from '../../../platform/files/attachments.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, formatDate, formatDateTime, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, LOCALES, type Locale } from '../../../platform/i18n/locales.ts';
import {
  Button,
  ErrorSummary,
  Form,
  Link,
  LocalizedText,
  Notice,
  Select,
  TextArea,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { type Consultation, canEditAnswer } from '../model.ts';
import type { AnswerWithAuthor, ThemeOf } from '../repository.ts';
import type { AnswerInput } from '../service.ts';
import { AddressedTo, Deadline, StateBadge, ThemeTags } from './shared.tsx';

export interface ConsultationPageProps {
  c: Consultation;
  themes: ThemeOf[];
  countries: string[];
  askerName: string | null;
  institution: { name: string; acronym: string | null } | null;
  attachments: AttachmentRow[];
  answers: AnswerWithAuthor[];
  answerAttachments: AttachmentRow[];
  helpfulByMe: Set<number>;
  canManage: boolean;
  canAnswer: boolean;
  /** Why a coordinator or editor may not answer, as a message key (own country, not addressed, closed). */
  cannotAnswer: string | null;
  canRestore: boolean;
  answerValues: AnswerInput;
  answerErrors?: FieldError[];
  notice: string | null;
  maxMb: number;
}

function Markdown({ json, orig }: { json: string; orig: string }) {
  const { t, locale } = useCtx();
  const text = pick(json, locale, orig);
  return (
    <div class="prose">
      {text.fallback && (
        <p class="fallback-note">({t('content.originalLanguage', { language: LOCALE_NAMES[text.lang] })})</p>
      )}
      <div lang={text.lang} dangerouslySetInnerHTML={{ __html: renderMarkdown(text.text) }} />
    </div>
  );
}

function AnswerItem(props: {
  a: AnswerWithAuthor;
  c: Consultation;
  attachments: AttachmentRow[];
  helpful: boolean;
  canManage: boolean;
}) {
  const { t, locale, actor } = useCtx();
  const { a, c } = props;
  const accepted = c.accepted_answer_id === a.id;
  const institution = a.institution_acronym ?? a.institution_name;
  const mayMarkHelpful = !!actor && actor.id !== a.author_id && !c.deleted_at;
  return (
    <li id={`answer-${a.id}`} class={accepted ? 'answer answer--accepted' : 'answer'}>
      <article aria-labelledby={`answer-${a.id}-by`}>
        <header>
          <h3 id={`answer-${a.id}-by`} class="answer__by">
            {countryName(a.country_iso3, locale)}
            {institution ? ` — ${institution}` : ''}
          </h3>
          <p class="meta">
            {accepted && (
              <>
                <span class="badge badge--ok">{t('consultations.answer.accepted')}</span>{' '}
              </>
            )}
            {t('consultations.answer.meta', {
              name: a.author_name ?? '—',
              date: formatDateTime(a.created_at, locale, actor?.timezone ?? 'UTC'),
            })}
            {a.edited_at && (
              <>
                {' · '}
                <span class="answer__edited">
                  {t(
                    a.edited_by !== null && a.edited_by === a.author_id
                      ? 'consultations.answer.edited'
                      : 'consultations.answer.editedBySecretariat',
                    { date: formatDateTime(a.edited_at, locale, actor?.timezone ?? 'UTC') },
                  )}
                </span>
              </>
            )}
          </p>
        </header>
        <Markdown json={a.body} orig={a.orig_locale} />
        <AttachmentList items={props.attachments} />
        <div class="answer__actions">
          <span class="meta">{t('consultations.answer.helpfulCount', { count: a.helpful_count })}</span>
          {mayMarkHelpful && (
            <Form action={`/consultations/${c.id}/answers/${a.id}/helpful`} class="inline-form">
              <input type="hidden" name="helpful" value={props.helpful ? '0' : '1'} />
              <button
                type="submit"
                class="button button--secondary"
                aria-pressed={props.helpful ? 'true' : 'false'}
              >
                {props.helpful
                  ? t('consultations.answer.unmarkHelpful')
                  : t('consultations.answer.markHelpful')}
              </button>
            </Form>
          )}
          {props.canManage && !accepted && (
            <Form action={`/consultations/${c.id}/answers/${a.id}/accept`} class="inline-form">
              <Button>{t('consultations.answer.accept')}</Button>
            </Form>
          )}
          {canEditAnswer(actor, a, c) && (
            <Link href={`/consultations/${c.id}/answers/${a.id}/edit`} class="answer__edit">
              {t('consultations.answer.edit')}
            </Link>
          )}
        </div>
      </article>
    </li>
  );
}

export function ConsultationPage(props: ConsultationPageProps) {
  const { t, locale, actor } = useCtx();
  const { c } = props;
  const title = pick(c.title, locale, c.orig_locale);
  const byAnswer = (id: number) => props.answerAttachments.filter((f) => f.owner_id === id);
  const institution = props.institution
    ? `${props.institution.name}${props.institution.acronym ? ` (${props.institution.acronym})` : ''}`
    : null;
  return (
    <Layout
      title={title.text}
      help="/help/user-manual-consultations"
      hasErrors={!!props.answerErrors?.length}
    >
      <p class="breadcrumb">
        <Link href="/consultations">{t('consultations.title')}</Link>
      </p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {c.deleted_at && (
        <Notice kind="warning">
          {t('consultations.deletedNotice', { date: formatDate(c.deleted_at, locale) })}
        </Notice>
      )}
      <h1>
        <LocalizedText picked={title} />
      </h1>
      <p class="meta">
        <StateBadge state={c.state} /> <Deadline c={c} />
      </p>
      <dl class="doc-meta">
        <dt>{t('consultations.meta.askedBy')}</dt>
        <dd>
          {countryName(c.country_iso3, locale)}
          {institution ? ` — ${institution}` : ''}
          {props.askerName ? ` (${props.askerName})` : ''}
        </dd>
        <dt>{t('consultations.meta.date')}</dt>
        <dd>{formatDate(c.created_at, locale)}</dd>
        <dt>{t('consultations.meta.addressed')}</dt>
        <dd>
          <AddressedTo c={c} countries={props.countries} />
        </dd>
        {props.themes.length > 0 && (
          <>
            <dt>{t('consultations.meta.themes')}</dt>
            <dd>
              <ThemeTags themes={props.themes} />
            </dd>
          </>
        )}
      </dl>
      <Markdown json={c.body} orig={c.orig_locale} />
      <AttachmentList items={props.attachments} />

      {(props.canManage || props.canRestore) && (
        <div class="consultation-actions">
          {props.canManage && c.state !== 'closed' && (
            <Form action={`/consultations/${c.id}/close`} class="inline-form">
              <Button variant="secondary">{t('consultations.action.close')}</Button>
            </Form>
          )}
          {props.canManage && c.state === 'closed' && (
            <Form action={`/consultations/${c.id}/reopen`} class="inline-form">
              <Button variant="secondary">{t('consultations.action.reopen')}</Button>
            </Form>
          )}
          {props.canManage && (
            <Form action={`/consultations/${c.id}/delete`} class="inline-form">
              <Button variant="danger">{t('consultations.action.delete')}</Button>
            </Form>
          )}
          {props.canRestore && (
            <Form action={`/consultations/${c.id}/restore`} class="inline-form">
              <Button variant="secondary">{t('consultations.action.restore')}</Button>
            </Form>
          )}
        </div>
      )}

      <section aria-labelledby="answers-heading" class="answers">
        <h2 id="answers-heading">{t('consultations.answers.heading', { count: props.answers.length })}</h2>
        {props.answers.length === 0 ? (
          <p>{t('consultations.answers.none')}</p>
        ) : (
          <ol class="answer-list">
            {props.answers.map((a) => (
              <AnswerItem
                key={a.id}
                a={a}
                c={c}
                attachments={byAnswer(a.id)}
                helpful={props.helpfulByMe.has(a.id)}
                canManage={props.canManage}
              />
            ))}
          </ol>
        )}
      </section>

      {props.canAnswer ? (
        <section aria-labelledby="answer-form-heading" class="answer-form">
          <h2 id="answer-form-heading">{t('consultations.answerForm.heading')}</h2>
          <p class="hint">
            {t('consultations.answerForm.lead', { country: countryName(actor?.countryIso3 ?? '', locale) })}
          </p>
          <ErrorSummary errors={props.answerErrors} />
          <Form action={`/consultations/${c.id}/answers`} multipart>
            <Select
              name="orig_locale"
              label={t('consultations.field.language')}
              value={props.answerValues.origLocale}
              options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l as Locale] }))}
              errors={props.answerErrors}
            />
            <TextArea
              name="body"
              label={t('consultations.answerForm.body')}
              hint={t('consultations.field.bodyHint')}
              value={props.answerValues.body}
              rows={8}
              errors={props.answerErrors}
            />
            <AttachmentField errors={props.answerErrors} maxMb={props.maxMb} />
            <Button>{t('consultations.answerForm.submit')}</Button>
          </Form>
        </section>
      ) : (
        props.cannotAnswer && <p class="hint">{t(props.cannotAnswer)}</p>
      )}
    </Layout>
  );
}
