import { renderMarkdown } from '../../../platform/content/markdown.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, formatDate, formatDateTime, pick } from '../../../platform/i18n/format.ts';
import { LOCALE_NAMES, type Locale } from '../../../platform/i18n/locales.ts';
import {
  Button,
  ErrorSummary,
  Form,
  Link,
  LocalizedText,
  Notice,
  TextArea,
  SignInLink,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { Match } from '../matching.ts';
import { type CooperationItem, itemPath } from '../model.ts';
import type { HistoryRow, InterestRow, ItemTheme } from '../repository.ts';
import { HELP } from './registry.tsx';
import { KindBadge, languagesText, MatchList, StatusBadge, type ThemeOption, themeName } from './shared.tsx';

/** Markdown in its own language, marked when it is not the reader's. */
function MarkdownBlock({
  json,
  origLocale,
  class: cls,
}: {
  json: string | null;
  origLocale: string;
  class?: string;
}) {
  const { t, locale } = useCtx();
  const picked = pick(json ?? '{}', locale, origLocale);
  if (!picked.text) return null;
  return (
    <div class={cls ?? 'prose'} lang={picked.lang}>
      {picked.fallback && (
        <p class="fallback-note" lang={locale}>
          {t('content.originalLanguage', { language: LOCALE_NAMES[picked.lang as Locale] })}
        </p>
      )}
      <div dangerouslySetInnerHTML={{ __html: renderMarkdown(picked.text, { minHeadingLevel: 3 }) }} />
    </div>
  );
}

export interface ItemPageProps {
  item: CooperationItem;
  themes: ItemTheme[];
  institution: { name: string; acronym: string | null } | null;
  matches: Match[];
  themeMap: Map<string, ThemeOption>;
  /** The expressions of interest this reader may read (all for the owner, their own for others). */
  interests: InterestRow[];
  interestCount: number;
  history: HistoryRow[];
  canEdit: boolean;
  canInterest: boolean;
  canChangeStatus: boolean;
  canRestore: boolean;
  showContact: boolean;
  notice: string | null;
  interestErrors?: FieldError[];
  interestMessage?: string;
}

export function ItemPage(props: ItemPageProps) {
  const { t, locale, actor, path } = useCtx();
  const { item } = props;
  const base = itemPath(item);
  const title = pick(item.title, locale, item.orig_locale);
  const ownInterest = actor?.countryIso3
    ? props.interests.find((i) => i.country_iso3 === actor.countryIso3)
    : undefined;
  const counterpart = item.kind === 'offer' ? 'request' : 'offer';
  return (
    <Layout
      title={`${t(`cooperation.kind.${item.kind}`)}: ${title.text}`}
      help={HELP}
      hasErrors={!!props.interestErrors?.length}
    >
      <p class="breadcrumbs">
        <Link href="/cooperation">{t('cooperation.title')}</Link> ›{' '}
        <Link href={`/cooperation?kind=${item.kind}`}>{t(`cooperation.kindPlural.${item.kind}`)}</Link>
      </p>
      {props.notice && <Notice>{t(props.notice)}</Notice>}
      {item.deleted_at && (
        <Notice kind="warning">
          {t('cooperation.withdrawnNotice', { date: formatDate(item.deleted_at, locale) })}
        </Notice>
      )}
      <h1>
        <LocalizedText picked={title} />
      </h1>
      <p>
        <KindBadge kind={item.kind} /> <StatusBadge status={item.status} />
      </p>
      <dl class="summary-list">
        <dt>
          {t(
            item.kind === 'offer'
              ? 'cooperation.field.offeringCountry'
              : 'cooperation.field.requestingCountry',
          )}
        </dt>
        <dd>
          <Link href={`/countries/${item.country_iso3}`}>{countryName(item.country_iso3, locale)}</Link>
        </dd>
        {props.institution && (
          <>
            <dt>{t('cooperation.field.institution')}</dt>
            <dd>
              {props.institution.name}
              {props.institution.acronym ? ` (${props.institution.acronym})` : ''}
            </dd>
          </>
        )}
        <dt>{t('cooperation.field.themes')}</dt>
        <dd>
          {props.themes.map((th, i) => (
            <span key={th.code}>
              {i > 0 && ' · '}
              <Link href={`/cooperation?theme=${th.code}`}>{themeName(th, locale)}</Link>
            </span>
          ))}
        </dd>
        <dt>
          {t(item.kind === 'offer' ? 'cooperation.field.modality' : 'cooperation.field.preferredModality')}
        </dt>
        <dd>{item.modality ? t(`cooperation.modality.${item.modality}`) : t('cooperation.modality.any')}</dd>
        <dt>{t('cooperation.field.languages')}</dt>
        <dd>{languagesText(item, locale)}</dd>
        {item.kind === 'offer' ? (
          <>
            <dt>{t('cooperation.field.duration')}</dt>
            <dd>{item.duration ?? t('cooperation.notStated')}</dd>
            <dt>{t('cooperation.field.costSharing')}</dt>
            <dd>
              {item.cost_sharing
                ? t(`cooperation.costSharing.${item.cost_sharing}`)
                : t('cooperation.notStated')}
            </dd>
          </>
        ) : (
          <>
            <dt>{t('cooperation.field.timeframe')}</dt>
            <dd>{item.timeframe ?? t('cooperation.notStated')}</dd>
          </>
        )}
        <dt>{t('cooperation.field.contact')}</dt>
        <dd>
          {item.contact_name}
          {props.showContact ? (
            <>
              {' — '}
              <a href={`mailto:${item.contact_email}`}>{item.contact_email}</a>
            </>
          ) : (
            <>
              {' — '}
              <SignInLink next={path}>{t('cooperation.contact.signIn')}</SignInLink>
            </>
          )}
        </dd>
        {item.partner_country_iso3 && (
          <>
            <dt>{t('cooperation.field.partner')}</dt>
            <dd>{countryName(item.partner_country_iso3, locale)}</dd>
          </>
        )}
        <dt>{t('cooperation.field.published')}</dt>
        <dd>
          <time dateTime={item.created_at}>{formatDate(item.created_at, locale)}</time>
        </dd>
      </dl>

      <section aria-labelledby="coop-description">
        <h2 id="coop-description">{t('cooperation.field.description')}</h2>
        <MarkdownBlock json={item.description} origLocale={item.orig_locale} />
      </section>

      {item.status === 'completed' && item.outcome_locale && (
        <section aria-labelledby="coop-outcome" class="coop-outcome">
          <h2 id="coop-outcome">{t('cooperation.outcome.title')}</h2>
          <h3>{t('cooperation.outcome.results')}</h3>
          <MarkdownBlock json={item.outcome_results} origLocale={item.outcome_locale} />
          <h3>{t('cooperation.outcome.participants')}</h3>
          <MarkdownBlock json={item.outcome_participants} origLocale={item.outcome_locale} />
          <h3>{t('cooperation.outcome.lessons')}</h3>
          <MarkdownBlock json={item.outcome_lessons} origLocale={item.outcome_locale} />
        </section>
      )}

      {(props.canEdit || props.canChangeStatus || props.canRestore) && (
        <section aria-labelledby="coop-manage" class="coop-manage">
          <h2 id="coop-manage">{t('cooperation.manage.title')}</h2>
          <ul class="coop-actions">
            {props.canEdit && (
              <li>
                <Link href={`${base}/edit`} class="button button--secondary">
                  {t('cooperation.edit.button')}
                </Link>
              </li>
            )}
            {props.canChangeStatus && (
              <li>
                <Link href={`${base}/status`} class="button button--primary">
                  {t('cooperation.status.button')}
                </Link>
              </li>
            )}
            {props.canEdit && (
              <li>
                <Form action={`${base}/withdraw`} class="inline-form">
                  <Button variant="danger">{t('cooperation.withdraw.button')}</Button>
                </Form>
              </li>
            )}
            {props.canRestore && (
              <li>
                <Form action={`${base}/restore`} class="inline-form">
                  <Button variant="secondary">{t('cooperation.restore.button')}</Button>
                </Form>
              </li>
            )}
          </ul>
        </section>
      )}

      <section aria-labelledby="coop-interest">
        <h2 id="coop-interest">{t('cooperation.interest.title')}</h2>
        <p>{t('cooperation.interest.count', { count: props.interestCount })}</p>
        {props.interests.length > 0 && (
          <ul class="coop-interests">
            {props.interests.map((i) => (
              <li key={i.id}>
                <p>
                  <strong>{countryName(i.country_iso3, locale)}</strong>
                  {i.user_name ? ` — ${i.user_name}` : ''}{' '}
                  <span class="meta">
                    <time dateTime={i.updated_at}>{formatDate(i.updated_at, locale)}</time>
                  </span>
                  {item.partner_country_iso3 === i.country_iso3 && (
                    <>
                      {' '}
                      <span class="badge badge--ok">{t('cooperation.interest.partner')}</span>
                    </>
                  )}
                </p>
                <p class="coop-interests__message" lang={i.locale}>
                  {i.message}
                </p>
              </li>
            ))}
          </ul>
        )}
        {props.canInterest ? (
          <Form action={`${base}/interest`}>
            <ErrorSummary errors={props.interestErrors} />
            <TextArea
              name="message"
              label={ownInterest ? t('cooperation.interest.updateLabel') : t('cooperation.interest.label')}
              hint={t(`cooperation.interest.hint.${item.kind}`, {
                country: countryName(actor!.countryIso3!, locale),
              })}
              value={props.interestMessage ?? ownInterest?.message ?? ''}
              errors={props.interestErrors}
              rows={5}
            />
            <Button>
              {ownInterest ? t('cooperation.interest.update') : t('cooperation.interest.submit')}
            </Button>
          </Form>
        ) : (
          !actor &&
          item.status === 'proposed' && (
            <p>
              <SignInLink next={path}>{t('cooperation.interest.signIn')}</SignInLink>
            </p>
          )
        )}
      </section>

      {item.status === 'proposed' && !item.deleted_at && (
        <section aria-labelledby="coop-item-matches">
          <h2 id="coop-item-matches">{t(`cooperation.matches.for.${item.kind}`)}</h2>
          <MatchList matches={props.matches} themes={props.themeMap} show={counterpart} />
        </section>
      )}

      <section aria-labelledby="coop-history">
        <h2 id="coop-history">{t('cooperation.history.title')}</h2>
        <ol class="coop-history">
          {props.history.map((h) => (
            <li key={h.id}>
              <time dateTime={h.at}>{formatDateTime(h.at, locale, actor?.timezone ?? 'UTC')}</time>
              {' — '}
              {h.from_status
                ? t('cooperation.history.moved', {
                    from: t(`cooperation.status.${h.from_status}`),
                    to: t(`cooperation.status.${h.to_status}`),
                  })
                : t('cooperation.history.created')}
              {h.to_status === 'agreed' && h.partner_country_iso3 && (
                <>
                  {' '}
                  ({t('cooperation.partnerWith', { country: countryName(h.partner_country_iso3, locale) })})
                </>
              )}
              {h.actor_name && <span class="meta"> — {h.actor_name}</span>}
              {h.note && <p class="coop-history__note">{h.note}</p>}
            </li>
          ))}
        </ol>
      </section>
    </Layout>
  );
}
