import type { FieldError } from '../../../platform/http/errors.ts';
import {
  countryName,
  formatDate,
  formatNumber,
  type Localized,
  pick,
} from '../../../platform/i18n/format.ts';
import type { Locale } from '../../../platform/i18n/locales.ts';
import {
  Button,
  ErrorSummary,
  Form,
  Link,
  LocalizedText,
  Pagination,
  Select,
  SignInLink,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { ListCount, ListPagination } from '../../../views/lists.tsx';
import { LanguageSelect } from '../../../views/localized-fields.tsx';
import {
  ActionButton,
  LanguageFields,
  ListFilters,
  MarkdownBlock,
  MessageForm,
  MessageList,
  PageNotices,
  ThemeFact,
  ThemeItems,
  themeLabel,
} from '../../study-groups/views/shared.tsx';
import { DECISIONS, type Proposal, PROPOSAL_STATUSES, type ProposalStatus } from '../model.ts';
import type { CommentRow, ProposalFilters, ProposalListRow, SupportRow } from '../repository.ts';

const HELP = '/help/user-manual-proposals';

type ThemeOption = { code: string; name: string; orig_locale: string };

export function StatusBadge({ status }: { status: ProposalStatus }) {
  const { t } = useCtx();
  const cls =
    status === 'accepted'
      ? 'badge badge--ok'
      : status === 'not_accepted'
        ? 'badge badge--error'
        : 'badge badge--warn';
  return <span class={cls}>{t(`proposals.status.${status}`)}</span>;
}

function Countries({ supports }: { supports: SupportRow[] }) {
  const { locale } = useCtx();
  return <>{supports.map((s) => countryName(s.country_iso3, locale)).join(', ')}</>;
}

// ---------------------------------------------------------------------------------------------

export interface ProposalListPageProps {
  rows: ProposalListRow[];
  supports: SupportRow[];
  total: number;
  page: number;
  perPage: number;
  filters: ProposalFilters;
  themes: ThemeOption[];
  canCreate: boolean;
  query: string;
}

export function ProposalListPage(props: ProposalListPageProps) {
  const { t, locale, actor } = useCtx();
  return (
    <Layout title={t('proposals.title')} help={HELP}>
      <p class="breadcrumbs">
        <Link href="/study-groups">{t('studyGroups.title')}</Link> ›
      </p>
      <h1>{t('proposals.title')}</h1>
      <p class="lead">{t('proposals.lead')}</p>
      {props.canCreate ? (
        <p>
          <Link href="/proposals/new" class="button button--primary">
            {t('proposals.new.button')}
          </Link>
        </p>
      ) : (
        !actor && (
          <p>
            <SignInLink next="/proposals/new">{t('proposals.signInToPropose')}</SignInLink>
          </p>
        )
      )}
      <ListFilters
        action="/proposals"
        label={t('proposals.filter.label')}
        selects={[
          {
            name: 'status',
            label: t('proposals.field.status'),
            value: props.filters.status,
            options: PROPOSAL_STATUSES.map((s) => ({ value: s, label: t(`proposals.status.${s}`) })),
          },
          {
            name: 'theme',
            label: t('proposals.field.theme'),
            value: props.filters.theme,
            options: props.themes.map((th) => ({ value: th.code, label: themeLabel(th, locale) })),
          },
          {
            name: 'sort',
            label: t('proposals.filter.sort'),
            value: props.filters.sort ?? 'newest',
            any: '',
            options: [
              { value: 'newest', label: t('proposals.filter.sort.newest') },
              { value: 'supports', label: t('proposals.filter.sort.supports') },
            ],
          },
        ]}
      />
      <ListCount>{t('proposals.count', { count: props.total })}</ListCount>
      {props.rows.length === 0 ? (
        <p>{t('proposals.none')}</p>
      ) : (
        <ul class="plain-list sg-list">
          {props.rows.map((p) => {
            const supports = props.supports.filter((s) => s.proposal_id === p.id);
            return (
              <li key={p.id}>
                <h2 class="sg-list__title">
                  <Link href={`/proposals/${p.id}`}>
                    <LocalizedText picked={pick(p.title, locale, p.orig_locale)} />
                  </Link>{' '}
                  <StatusBadge status={p.status} />
                </h2>
                <p class="meta">
                  {p.theme_name && (
                    <>{themeLabel({ name: p.theme_name, orig_locale: p.theme_orig_locale }, locale)} · </>
                  )}
                  {t('proposals.proposedBy', {
                    name: p.author_name,
                    country: p.country_iso3
                      ? countryName(p.country_iso3, locale)
                      : t('proposals.secretariat'),
                  })}{' '}
                  · <time dateTime={p.created_at}>{formatDate(p.created_at, locale)}</time>
                </p>
                <p class="meta">
                  <strong>{t('proposals.supportCount', { count: p.support_count })}</strong>
                  {supports.length > 0 && (
                    <>
                      {' '}
                      (<Countries supports={supports} />)
                    </>
                  )}{' '}
                  · {t('proposals.commentCount', { count: p.comment_count })}
                </p>
              </li>
            );
          })}
        </ul>
      )}
      <ListPagination
        page={props.page}
        total={props.total}
        perPage={props.perPage}
        base={`/proposals${props.query}`}
      />
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

export interface ProposalFormValues {
  title: Localized;
  rationale: Localized;
  origLocale: string;
  theme: string;
}

export function ProposalFormPage(props: {
  values: ProposalFormValues;
  themes: ThemeOption[];
  errors?: FieldError[];
}) {
  const { t, locale } = useCtx();
  const { values } = props;
  return (
    <Layout title={t('proposals.new.title')} help={HELP} hasErrors={!!props.errors?.length}>
      <p class="breadcrumbs">
        <Link href="/proposals">{t('proposals.title')}</Link> ›
      </p>
      <h1>{t('proposals.new.title')}</h1>
      <p class="lead">{t('proposals.new.lead')}</p>
      <Form action="/proposals">
        <ErrorSummary errors={props.errors} />
        <Select
          name="theme"
          label={t('proposals.field.theme')}
          hint={t('proposals.field.theme.hint')}
          value={values.theme}
          empty={t('proposals.field.theme.choose')}
          errors={props.errors}
          options={props.themes.map((th) => ({ value: th.code, label: themeLabel(th, locale) }))}
        />
        <LanguageSelect
          name="orig_locale"
          label={t('proposals.field.origLocale')}
          hint={t('proposals.field.origLocale.hint')}
          value={values.origLocale}
          errors={props.errors}
        />
        <LanguageFields
          origLocale={values.origLocale}
          errors={props.errors}
          translationsLabel={t('proposals.field.translations')}
          fields={[
            { name: 'title', label: t('proposals.field.title'), values: values.title },
            {
              name: 'rationale',
              label: t('proposals.field.rationale'),
              hint: t('proposals.field.rationale.hint'),
              multiline: true,
              rows: 10,
              values: values.rationale,
            },
          ]}
        />
        <Button>{t('proposals.new.submit')}</Button>
      </Form>
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

export interface DecisionRow {
  id: number;
  status: string;
  reasons: string;
  orig_locale: string;
  decided_at: string;
  decided_by_name: string;
}

export interface ProposalPageProps {
  proposal: Proposal;
  theme: ThemeOption | null;
  author: { name: string; institution_name: string | null; institution_acronym: string | null } | null;
  supports: SupportRow[];
  decisions: DecisionRow[];
  comments: CommentRow[];
  commentTotal: number;
  commentPage: number;
  commentPages: number;
  group: { id: number; title: string; orig_locale: string } | null;
  /** What the reader may do about supporting. */
  support:
    | { kind: 'can' }
    | { kind: 'mine' }
    | { kind: 'country'; by: string }
    | { kind: 'ownCountry' }
    | { kind: 'closed' }
    | { kind: 'none' };
  canComment: boolean;
  canDecide: boolean;
  canRemove: boolean;
  canRemoveComment: (c: CommentRow) => boolean;
  notice?: string | null;
  /** A refusal to explain (e.g. the country already supports the proposal). */
  problem?: string | null;
  commentErrors?: FieldError[];
  commentValue?: string;
}

export function ProposalPage(props: ProposalPageProps) {
  const { t, locale, actor } = useCtx();
  const p = props.proposal;
  const title = pick(p.title, locale, p.orig_locale);
  const rationale = pick(p.rationale, locale, p.orig_locale);
  const latest = props.decisions[props.decisions.length - 1];
  return (
    <Layout title={title.text} help={HELP} hasErrors={!!props.commentErrors?.length}>
      <p class="breadcrumbs">
        <Link href="/study-groups">{t('studyGroups.title')}</Link> ›{' '}
        <Link href="/proposals">{t('proposals.title')}</Link> ›
      </p>
      <PageNotices feature="proposals" notice={props.notice} problem={props.problem} />
      <h1>
        <LocalizedText picked={title} />
      </h1>
      <p>
        <StatusBadge status={p.status} />
      </p>
      <dl class="doc-meta">
        <ThemeFact label={t('proposals.field.theme')} theme={props.theme} />
        <dt>{t('proposals.field.proposer')}</dt>
        <dd>
          {props.author?.name}
          {props.author?.institution_name &&
            `, ${props.author.institution_name}${props.author.institution_acronym ? ` (${props.author.institution_acronym})` : ''}`}
          {' — '}
          {p.country_iso3 ? countryName(p.country_iso3, locale) : t('proposals.secretariat')}
        </dd>
        <dt>{t('proposals.field.date')}</dt>
        <dd>
          <time dateTime={p.created_at}>{formatDate(p.created_at, locale)}</time>
        </dd>
        {props.group && (
          <>
            <dt>{t('proposals.field.group')}</dt>
            <dd>
              <Link href={`/study-groups/${props.group.id}`}>
                <LocalizedText picked={pick(props.group.title, locale, props.group.orig_locale)} />
              </Link>
            </dd>
          </>
        )}
      </dl>

      <section aria-labelledby="p-rationale">
        <h2 id="p-rationale">{t('proposals.field.rationale')}</h2>
        <MarkdownBlock picked={rationale} />
      </section>

      <section aria-labelledby="p-answer" class="card">
        <h2 id="p-answer">{t('proposals.answer.heading')}</h2>
        {latest ? (
          <>
            <p>
              <StatusBadge status={latest.status as ProposalStatus} />{' '}
              <span class="meta">
                {t('proposals.answer.by', {
                  name: latest.decided_by_name,
                  date: formatDate(latest.decided_at, locale),
                })}
              </span>
            </p>
            <MarkdownBlock picked={pick(latest.reasons, locale, latest.orig_locale)} />
            {props.decisions.length > 1 && (
              <details>
                <summary>{t('proposals.answer.history')}</summary>
                <ol class="plain-list">
                  {props.decisions.slice(0, -1).map((d) => (
                    <li key={d.id}>
                      <StatusBadge status={d.status as ProposalStatus} />{' '}
                      <span class="meta">
                        {t('proposals.answer.by', {
                          name: d.decided_by_name,
                          date: formatDate(d.decided_at, locale),
                        })}
                      </span>
                      <MarkdownBlock picked={pick(d.reasons, locale, d.orig_locale)} />
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </>
        ) : (
          <p>{t('proposals.answer.none')}</p>
        )}
        {props.canDecide && (
          <p>
            <Link href={`/proposals/${p.id}/decision`} class="button button--secondary">
              {t('proposals.decide.button')}
            </Link>
          </p>
        )}
      </section>

      <section aria-labelledby="p-supports">
        <h2 id="p-supports">
          {t('proposals.supports.heading')}{' '}
          <span class="meta">({formatNumber(props.supports.length, locale)})</span>
        </h2>
        {props.supports.length === 0 ? (
          <p>{t('proposals.supports.none')}</p>
        ) : (
          <ul class="sg-countries">
            {props.supports.map((s) => (
              <li key={s.id}>
                <strong>{countryName(s.country_iso3, locale)}</strong>{' '}
                <span class="meta">
                  {s.institution_name ?? s.user_name} ·{' '}
                  <time dateTime={s.created_at}>{formatDate(s.created_at, locale)}</time>
                </span>
              </li>
            ))}
          </ul>
        )}
        <SupportBox proposalId={p.id} state={props.support} />
      </section>

      <section aria-labelledby="p-comments">
        <h2 id="p-comments">
          {t('proposals.comments.heading')}{' '}
          <span class="meta">({formatNumber(props.commentTotal, locale)})</span>
        </h2>
        {props.comments.length === 0 && <p>{t('proposals.comments.none')}</p>}
        <MessageList
          messages={props.comments}
          anchor="comment"
          time="date"
          removeAction={(c) =>
            props.canRemoveComment(c) ? `/proposals/${p.id}/comments/${c.id}/delete` : null
          }
          removeLabel={t('proposals.comments.delete')}
        />
        <Pagination page={props.commentPage} pages={props.commentPages} base={`/proposals/${p.id}`} />
        {props.canComment ? (
          <MessageForm
            action={`/proposals/${p.id}/comments`}
            label={t('proposals.comments.field')}
            hint={t('proposals.markdownHint')}
            rows={5}
            value={props.commentValue ?? ''}
            submit={t('proposals.comments.submit')}
            errors={props.commentErrors}
          />
        ) : (
          !actor && (
            <p>
              <SignInLink next={`/proposals/${p.id}`}>{t('proposals.comments.signIn')}</SignInLink>
            </p>
          )
        )}
      </section>

      {props.canRemove && (
        <section aria-labelledby="p-manage" class="doc-manage">
          <h2 id="p-manage">{t('proposals.manage.heading')}</h2>
          <ActionButton
            action={`/proposals/${p.id}/delete`}
            label={t('proposals.delete.button')}
            variant="danger"
          />
        </section>
      )}
    </Layout>
  );
}

function SupportBox({ proposalId, state }: { proposalId: number; state: ProposalPageProps['support'] }) {
  const { t } = useCtx();
  switch (state.kind) {
    case 'can':
      return (
        <ActionButton action={`/proposals/${proposalId}/support`} label={t('proposals.support.button')} />
      );
    case 'mine':
      return (
        <div class="sg-state">
          <p>
            <strong>{t('proposals.support.mine')}</strong>
          </p>
          <ActionButton
            action={`/proposals/${proposalId}/support/withdraw`}
            label={t('proposals.support.withdraw')}
            variant="secondary"
          />
        </div>
      );
    case 'country':
      return (
        <p class="sg-state">
          <strong>{t('proposals.support.byCountry', { name: state.by })}</strong>
        </p>
      );
    case 'ownCountry':
      return <p class="sg-state">{t('proposals.support.ownCountry')}</p>;
    case 'closed':
      return <p class="sg-state">{t('proposals.support.closed')}</p>;
    default:
      return (
        <p class="hint">
          {t('proposals.support.who')}{' '}
          <SignInLink next={`/proposals/${proposalId}`}>{t('proposals.support.signIn')}</SignInLink>
        </p>
      );
  }
}

// ---------------------------------------------------------------------------------------------

export interface DecisionFormValues {
  status: string;
  reasons: Localized;
  origLocale: string;
  moderatorId: string;
}

export function DecisionPage(props: {
  proposal: Proposal;
  values: DecisionFormValues;
  candidates: { id: number; name: string; country_iso3: string | null }[];
  errors?: FieldError[];
}) {
  const { t, locale } = useCtx();
  const p = props.proposal;
  const title = pick(p.title, locale, p.orig_locale);
  return (
    <Layout title={t('proposals.decide.title')} help={HELP} hasErrors={!!props.errors?.length}>
      <p class="breadcrumbs">
        <Link href="/proposals">{t('proposals.title')}</Link> ›{' '}
        <Link href={`/proposals/${p.id}`}>
          <LocalizedText picked={title} />
        </Link>{' '}
        ›
      </p>
      <h1>{t('proposals.decide.title')}</h1>
      <p class="lead">{t('proposals.decide.lead')}</p>
      <Form action={`/proposals/${p.id}/decision`}>
        <ErrorSummary errors={props.errors} />
        <fieldset
          class={props.errors?.some((e) => e.field === 'status') ? 'field field--error' : 'field'}
          id="f-status"
        >
          <legend>{t('proposals.decide.status')}</legend>
          {props.errors?.some((e) => e.field === 'status') && (
            <p class="field-error">{t('proposals.error.decision')}</p>
          )}
          {DECISIONS.map((d) => (
            <div class="radio" key={d}>
              <input
                type="radio"
                id={`f-status-${d}`}
                name="status"
                value={d}
                checked={props.values.status === d}
              />
              <label for={`f-status-${d}`}>{t(`proposals.status.${d}`)}</label>
            </div>
          ))}
        </fieldset>
        <LanguageSelect
          name="orig_locale"
          label={t('proposals.decide.origLocale')}
          value={props.values.origLocale}
          errors={props.errors}
        />
        <LanguageFields
          origLocale={props.values.origLocale}
          errors={props.errors}
          translationsLabel={t('proposals.field.translations')}
          fields={[
            {
              name: 'reasons',
              label: t('proposals.decide.reasons'),
              hint: t('proposals.markdownHint'),
              multiline: true,
              rows: 6,
              values: props.values.reasons,
            },
          ]}
        />
        <Select
          name="moderator_id"
          label={t('proposals.decide.moderator')}
          hint={t('proposals.decide.moderator.hint')}
          value={props.values.moderatorId}
          errors={props.errors}
          options={props.candidates.map((c) => ({
            value: String(c.id),
            label: `${c.name}${c.country_iso3 ? ` — ${countryName(c.country_iso3, locale as Locale)}` : ''}`,
          }))}
        />
        <Button>{t('proposals.decide.submit')}</Button>
      </Form>
    </Layout>
  );
}

/** The proposals on a priority theme, for the theme's page. */
export function ThemeProposals({
  rows,
  code,
  total,
}: {
  rows: ProposalListRow[];
  code: string;
  total: number;
}) {
  const { t } = useCtx();
  return (
    <ThemeItems
      heading={t('proposals.title')}
      rows={rows}
      href={(p) => `/proposals/${p.id}`}
      after={(p) => (
        <>
          <StatusBadge status={p.status} />{' '}
          <span class="meta">{t('proposals.supportCount', { count: p.support_count })}</span>
        </>
      )}
      total={total}
      all={{ href: `/proposals?theme=${code}`, label: t('proposals.themeAll', { count: total }) }}
    />
  );
}
