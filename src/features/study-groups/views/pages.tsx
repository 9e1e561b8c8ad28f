import type { ComponentChildren } from 'preact';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName, formatDate, type Localized, pick } from '../../../platform/i18n/format.ts';
import {
  Button,
  ErrorSummary,
  Form,
  Link,
  LocalizedText,
  Pagination,
  Select,
  TextArea,
  TextField,
  SignInLink,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { countryOptions, ListCount, ListPagination } from '../../../views/lists.tsx';
import type { GroupListFilters, GroupListRow, MemberRow, PostRow, SharedDocumentRow } from '../repository.ts';
import type { LoadedSection } from '../sections.ts';
import type { StudyGroup, StudyGroupThread } from '../model.ts';
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
} from './shared.tsx';

const HELP = '/help/user-manual-study-groups';

type ThemeOption = { code: string; name: string; orig_locale: string };

function GroupStatus({ status }: { status: string }) {
  const { t } = useCtx();
  return (
    <span class={status === 'active' ? 'badge badge--ok' : 'badge'}>{t(`studyGroups.status.${status}`)}</span>
  );
}

function Crumbs({ group, children }: { group?: StudyGroup; children?: ComponentChildren }) {
  const { t, locale } = useCtx();
  return (
    <p class="breadcrumbs">
      <Link href="/study-groups">{t('studyGroups.title')}</Link> ›
      {group && (
        <>
          {' '}
          <Link href={`/study-groups/${group.id}`}>
            <LocalizedText picked={pick(group.title, locale, group.orig_locale)} />
          </Link>{' '}
          ›
        </>
      )}
      {children}
    </p>
  );
}

// ---------------------------------------------------------------------------------------------

export interface GroupListPageProps {
  rows: GroupListRow[];
  total: number;
  page: number;
  perPage: number;
  filters: GroupListFilters;
  themes: ThemeOption[];
  countries: string[];
  query: string;
  myGroups: { id: number; title: string; orig_locale: string }[];
  notice?: string | null;
}

export function GroupListPage(props: GroupListPageProps) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('studyGroups.title')} help={HELP}>
      <PageNotices feature="studyGroups" notice={props.notice} />
      <h1>{t('studyGroups.title')}</h1>
      <p class="lead">{t('studyGroups.lead')}</p>
      <p class="sg-proposals-link">
        <Link href="/proposals" class="button button--secondary">
          {t('studyGroups.proposalsLink')}
        </Link>{' '}
        <span class="hint">{t('studyGroups.proposalsHint')}</span>
      </p>
      {props.myGroups.length > 0 && (
        <section aria-labelledby="sg-mine" class="card">
          <h2 id="sg-mine">{t('studyGroups.mine')}</h2>
          <ul>
            {props.myGroups.map((g) => (
              <li key={g.id}>
                <Link href={`/study-groups/${g.id}`}>
                  <LocalizedText picked={pick(g.title, locale, g.orig_locale)} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <ListFilters
        action="/study-groups"
        label={t('studyGroups.filter.label')}
        selects={[
          {
            name: 'status',
            label: t('studyGroups.field.status'),
            value: props.filters.status,
            options: ['active', 'closed'].map((s) => ({ value: s, label: t(`studyGroups.status.${s}`) })),
          },
          {
            name: 'theme',
            label: t('studyGroups.field.theme'),
            value: props.filters.theme,
            options: props.themes.map((th) => ({ value: th.code, label: themeLabel(th, locale) })),
          },
          {
            name: 'country',
            label: t('studyGroups.field.memberCountry'),
            value: props.filters.country,
            options: countryOptions(props.countries, locale),
          },
        ]}
      />
      <ListCount>{t('studyGroups.count', { count: props.total })}</ListCount>
      {props.rows.length === 0 ? (
        <p>{t('studyGroups.none')}</p>
      ) : (
        <ul class="plain-list sg-list">
          {props.rows.map((g) => (
            <li key={g.id}>
              <h2 class="sg-list__title">
                <Link href={`/study-groups/${g.id}`}>
                  <LocalizedText picked={pick(g.title, locale, g.orig_locale)} />
                </Link>{' '}
                <GroupStatus status={g.status} />
              </h2>
              <p class="meta">
                {g.theme_name && (
                  <>{themeLabel({ name: g.theme_name, orig_locale: g.theme_orig_locale }, locale)} · </>
                )}
                {t('studyGroups.memberSummary', { members: g.member_count, countries: g.country_count })} ·{' '}
                <time dateTime={g.created_at}>{formatDate(g.created_at, locale)}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
      <ListPagination
        page={props.page}
        total={props.total}
        perPage={props.perPage}
        base={`/study-groups${props.query}`}
      />
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

export interface GroupPageProps {
  group: StudyGroup;
  theme: ThemeOption | null;
  moderator: { id: number; name: string; country_iso3: string | null } | null;
  proposal: { id: number } | null;
  members: MemberRow[];
  documents: SharedDocumentRow[];
  /** Shared documents the reader may not open (counted, never named). */
  hiddenDocuments: number;
  threads: {
    id: number;
    title: string;
    locale: string;
    post_count: number;
    last_post_at: string | null;
    author_name: string;
  }[];
  threadTotal: number;
  threadPage: number;
  sections: LoadedSection[];
  viewer: {
    isMember: boolean;
    isModerator: boolean;
    canParticipate: boolean;
    pending: boolean;
    canJoin: boolean;
    pendingRequests: number;
  };
  notice?: string | null;
  problem?: string | null;
}

export function GroupPage(props: GroupPageProps) {
  const { t, locale, actor } = useCtx();
  const g = props.group;
  const title = pick(g.title, locale, g.orig_locale);
  const active = props.members.filter((m) => m.status === 'member');
  const byCountry = new Map<string, MemberRow[]>();
  for (const m of active) {
    const key = m.country_iso3 ?? '';
    byCountry.set(key, [...(byCountry.get(key) ?? []), m]);
  }
  const countries = [...byCountry.keys()].sort((a, b) =>
    (a ? countryName(a, locale) : '').localeCompare(b ? countryName(b, locale) : '', locale),
  );
  const outputs = props.documents.filter((d) => d.is_output === 1);
  const shared = props.documents.filter((d) => d.is_output !== 1);
  const v = props.viewer;
  return (
    <Layout title={title.text} help={HELP}>
      <Crumbs />
      <PageNotices feature="studyGroups" notice={props.notice} problem={props.problem} />
      <h1>
        <LocalizedText picked={title} />
      </h1>
      <p>
        <GroupStatus status={g.status} />
      </p>
      <dl class="doc-meta">
        <ThemeFact label={t('studyGroups.field.theme')} theme={props.theme} />
        <dt>{t('studyGroups.field.moderator')}</dt>
        <dd>
          {props.moderator?.name}
          {props.moderator?.country_iso3 && ` (${countryName(props.moderator.country_iso3, locale)})`}
        </dd>
        {props.proposal && (
          <>
            <dt>{t('studyGroups.field.proposal')}</dt>
            <dd>
              <Link href={`/proposals/${props.proposal.id}`}>{t('studyGroups.proposalLink')}</Link>
            </dd>
          </>
        )}
        <dt>{t('studyGroups.field.created')}</dt>
        <dd>
          <time dateTime={g.created_at}>{formatDate(g.created_at, locale)}</time>
        </dd>
      </dl>

      <div class="sg-membership card">
        {v.isMember ? (
          <>
            <p>
              <strong>{v.isModerator ? t('studyGroups.youModerate') : t('studyGroups.youAreMember')}</strong>
            </p>
            {!v.isModerator && (
              <ActionButton
                action={`/study-groups/${g.id}/leave`}
                label={t('studyGroups.leave')}
                variant="secondary"
              />
            )}
          </>
        ) : v.isModerator ? (
          <p>
            <strong>{t('studyGroups.secretariatActs')}</strong>
          </p>
        ) : v.pending ? (
          <>
            <p>
              <strong>{t('studyGroups.pending')}</strong>
            </p>
            <ActionButton
              action={`/study-groups/${g.id}/leave`}
              label={t('studyGroups.withdrawRequest')}
              variant="secondary"
            />
          </>
        ) : v.canJoin ? (
          <>
            <p>{t('studyGroups.joinHint')}</p>
            <ActionButton action={`/study-groups/${g.id}/join`} label={t('studyGroups.join')} />
          </>
        ) : !actor ? (
          <p>
            <SignInLink next={`/study-groups/${g.id}`}>{t('studyGroups.signInToJoin')}</SignInLink>
          </p>
        ) : (
          <p>{g.status === 'active' ? t('studyGroups.joinWho') : t('studyGroups.closedNote')}</p>
        )}
        {(v.isModerator || v.pendingRequests > 0) && (
          <p>
            <Link href={`/study-groups/${g.id}/members`}>
              {t('studyGroups.manageMembers', { count: v.pendingRequests })}
            </Link>
            {v.isModerator && (
              <>
                {' · '}
                <Link href={`/study-groups/${g.id}/edit`}>{t('studyGroups.edit.link')}</Link>
              </>
            )}
          </p>
        )}
      </div>

      <section aria-labelledby="sg-about">
        <h2 id="sg-about">{t('studyGroups.about')}</h2>
        <MarkdownBlock picked={pick(g.description, locale, g.orig_locale)} />
      </section>

      <section aria-labelledby="sg-members" id="members">
        <h2 id="sg-members">{t('studyGroups.members.heading', { count: countries.length })}</h2>
        <ul class="sg-countries">
          {countries.map((c) => (
            <li key={c}>
              <strong>{c ? countryName(c, locale) : t('studyGroups.secretariat')}</strong>
              <ul>
                {[...new Set(byCountry.get(c)!.map((m) => m.institution_name ?? m.user_name))].map((name) => (
                  <li key={name}>{name}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="sg-outputs" id="outputs">
        <h2 id="sg-outputs">{t('studyGroups.outputs.heading')}</h2>
        {outputs.length === 0 ? <p>{t('studyGroups.outputs.none')}</p> : <DocumentList docs={outputs} />}
      </section>

      <section aria-labelledby="sg-documents" id="documents">
        <h2 id="sg-documents">{t('studyGroups.documents.heading')}</h2>
        {shared.length === 0 ? <p>{t('studyGroups.documents.none')}</p> : <DocumentList docs={shared} />}
        {props.hiddenDocuments > 0 && (
          <p class="hint">{t('studyGroups.documents.hidden', { count: props.hiddenDocuments })}</p>
        )}
        {(v.canParticipate || v.isModerator) && (
          <p>
            <Link href={`/study-groups/${g.id}/documents`}>{t('studyGroups.documents.manage')}</Link>
          </p>
        )}
      </section>

      {props.sections.map((s) => (
        <section key={s.id} id={s.id} class="sg-section">
          {s.content}
        </section>
      ))}

      <section aria-labelledby="sg-threads" id="discussions">
        <h2 id="sg-threads">{t('studyGroups.threads.heading')}</h2>
        {v.canParticipate || v.isModerator ? (
          <>
            {g.status === 'active' && v.canParticipate && (
              <p>
                <Link href={`/study-groups/${g.id}/threads/new`} class="button button--secondary">
                  {t('studyGroups.threads.new')}
                </Link>
              </p>
            )}
            {props.threads.length === 0 ? (
              <p>{t('studyGroups.threads.none')}</p>
            ) : (
              <ul class="plain-list">
                {props.threads.map((th) => (
                  <li key={th.id}>
                    <Link
                      href={`/study-groups/${g.id}/threads/${th.id}`}
                      lang={th.locale !== locale ? th.locale : undefined}
                    >
                      {th.title}
                    </Link>{' '}
                    <span class="meta">
                      {t('studyGroups.threads.meta', { posts: th.post_count, name: th.author_name })}
                      {th.last_post_at && (
                        <>
                          {' · '}
                          <time dateTime={th.last_post_at}>{formatDate(th.last_post_at, locale)}</time>
                        </>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <ListPagination
              page={props.threadPage}
              total={props.threadTotal}
              perPage={20}
              base={`/study-groups/${g.id}`}
            />
          </>
        ) : (
          <p>{t('studyGroups.threads.membersOnly', { count: props.threadTotal })}</p>
        )}
      </section>
    </Layout>
  );
}

function DocumentList({ docs }: { docs: SharedDocumentRow[] }) {
  const { t, locale } = useCtx();
  return (
    <ul class="plain-list">
      {docs.map((d) => (
        <li key={d.link_id}>
          <Link href={`/documents/${d.document_id}`}>
            <LocalizedText picked={pick(d.title, locale, d.orig_locale)} />
          </Link>{' '}
          <span class="meta">
            {t(`documents.type.${d.doc_type}`)}
            {d.country_iso3 && ` · ${countryName(d.country_iso3, locale)}`}
            {d.publication_date && ` · ${formatDate(d.publication_date, locale)}`}
          </span>
        </li>
      ))}
    </ul>
  );
}

// ---------------------------------------------------------------------------------------------

export function MembersPage(props: {
  group: StudyGroup;
  members: MemberRow[];
  canModerate: boolean;
  notice?: string | null;
}) {
  const { t, locale } = useCtx();
  const g = props.group;
  const requests = props.members.filter((m) => m.status === 'requested');
  const current = props.members.filter((m) => m.status === 'member');
  const former = props.members.filter((m) => m.status === 'left' || m.status === 'declined');
  const who = (m: MemberRow) => (
    <>
      <strong>{m.user_name}</strong>
      {m.institution_name && `, ${m.institution_name}`}
      {m.country_iso3 && ` — ${countryName(m.country_iso3, locale)}`}
    </>
  );
  return (
    <Layout title={t('studyGroups.members.title')} help={HELP}>
      <Crumbs group={g} />
      <PageNotices feature="studyGroups" notice={props.notice} />
      <h1>{t('studyGroups.members.title')}</h1>
      {props.canModerate && (
        <section aria-labelledby="sg-requests">
          <h2 id="sg-requests">{t('studyGroups.requests.heading', { count: requests.length })}</h2>
          {requests.length === 0 ? (
            <p>{t('studyGroups.requests.none')}</p>
          ) : (
            <ul class="plain-list">
              {requests.map((m) => (
                <li key={m.id} class="sg-request">
                  <p>
                    {who(m)}{' '}
                    <span class="meta">
                      {t('studyGroups.requests.since', { date: formatDate(m.requested_at, locale) })}
                    </span>
                  </p>
                  <ActionButton
                    action={`/study-groups/${g.id}/members/${m.id}/approve`}
                    label={t('studyGroups.requests.approve')}
                  />{' '}
                  <ActionButton
                    action={`/study-groups/${g.id}/members/${m.id}/decline`}
                    label={t('studyGroups.requests.decline')}
                    variant="secondary"
                  />
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      <section aria-labelledby="sg-current">
        <h2 id="sg-current">{t('studyGroups.members.current', { count: current.length })}</h2>
        <ul class="plain-list">
          {current.map((m) => (
            <li key={m.id}>
              {who(m)}{' '}
              {m.role === 'moderator' && <span class="badge">{t('studyGroups.field.moderator')}</span>}
            </li>
          ))}
        </ul>
      </section>
      {props.canModerate && former.length > 0 && (
        <section aria-labelledby="sg-former">
          <h2 id="sg-former">{t('studyGroups.members.former')}</h2>
          <ul class="plain-list">
            {former.map((m) => (
              <li key={m.id}>
                {who(m)} <span class="meta">{t(`studyGroups.memberStatus.${m.status}`)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

export interface GroupFormValues {
  title: Localized;
  description: Localized;
  status: string;
  moderatorId: string;
}

export function EditGroupPage(props: {
  group: StudyGroup;
  values: GroupFormValues;
  secretariat: boolean;
  members: MemberRow[];
  errors?: FieldError[];
}) {
  const { t, locale } = useCtx();
  const g = props.group;
  return (
    <Layout title={t('studyGroups.edit.title')} help={HELP} hasErrors={!!props.errors?.length}>
      <Crumbs group={g} />
      <h1>{t('studyGroups.edit.title')}</h1>
      <Form action={`/study-groups/${g.id}/edit`}>
        <ErrorSummary errors={props.errors} />
        <LanguageFields
          origLocale={g.orig_locale}
          errors={props.errors}
          translationsLabel={t('studyGroups.field.translations')}
          fields={[
            { name: 'title', label: t('studyGroups.field.title'), values: props.values.title },
            {
              name: 'description',
              label: t('studyGroups.field.description'),
              hint: t('studyGroups.markdownHint'),
              multiline: true,
              rows: 10,
              values: props.values.description,
            },
          ]}
        />
        {props.secretariat && (
          <>
            <Select
              name="status"
              label={t('studyGroups.field.status')}
              value={props.values.status}
              errors={props.errors}
              options={['active', 'closed'].map((s) => ({ value: s, label: t(`studyGroups.status.${s}`) }))}
            />
            <Select
              name="moderator_id"
              label={t('studyGroups.field.moderator')}
              hint={t('studyGroups.edit.moderatorHint')}
              value={props.values.moderatorId}
              errors={props.errors}
              options={props.members
                .filter((m) => m.status === 'member')
                .map((m) => ({
                  value: String(m.user_id),
                  label: `${m.user_name}${m.country_iso3 ? ` — ${countryName(m.country_iso3, locale)}` : ''}`,
                }))}
            />
          </>
        )}
        <Button>{t('studyGroups.edit.submit')}</Button>
      </Form>
      {props.secretariat && (
        <section aria-labelledby="sg-delete" class="doc-manage">
          <h2 id="sg-delete">{t('studyGroups.delete.heading')}</h2>
          <p class="hint">{t('studyGroups.delete.hint')}</p>
          <ActionButton
            action={`/study-groups/${g.id}/delete`}
            label={t('studyGroups.delete.button')}
            variant="danger"
          />
        </section>
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

export function NewThreadPage(props: {
  group: StudyGroup;
  values: { title: string; body: string };
  errors?: FieldError[];
}) {
  const { t } = useCtx();
  const g = props.group;
  return (
    <Layout title={t('studyGroups.threads.new')} help={HELP} hasErrors={!!props.errors?.length}>
      <Crumbs group={g} />
      <h1>{t('studyGroups.threads.new')}</h1>
      <Form action={`/study-groups/${g.id}/threads`}>
        <ErrorSummary errors={props.errors} />
        <TextField
          name="title"
          label={t('studyGroups.threads.title')}
          value={props.values.title}
          errors={props.errors}
        />
        <TextArea
          name="body"
          label={t('studyGroups.threads.firstPost')}
          hint={t('studyGroups.markdownHint')}
          rows={8}
          value={props.values.body}
          errors={props.errors}
        />
        <Button>{t('studyGroups.threads.create')}</Button>
      </Form>
    </Layout>
  );
}

export function ThreadPage(props: {
  group: StudyGroup;
  thread: StudyGroupThread;
  posts: PostRow[];
  page: number;
  pages: number;
  canPost: boolean;
  canRemove: (p: PostRow) => boolean;
  values?: { body: string };
  errors?: FieldError[];
  notice?: string | null;
}) {
  const { t, locale } = useCtx();
  const { group: g, thread } = props;
  return (
    <Layout title={thread.title} help={HELP} hasErrors={!!props.errors?.length}>
      <Crumbs group={g} />
      <PageNotices feature="studyGroups" notice={props.notice} />
      <h1 lang={thread.locale !== locale ? thread.locale : undefined}>{thread.title}</h1>
      <MessageList
        messages={props.posts}
        anchor="post"
        time="dateTime"
        removeAction={(p) =>
          props.canRemove(p) ? `/study-groups/${g.id}/threads/${thread.id}/posts/${p.id}/delete` : null
        }
        removeLabel={t('studyGroups.posts.delete')}
      />
      <Pagination page={props.page} pages={props.pages} base={`/study-groups/${g.id}/threads/${thread.id}`} />
      {props.canPost && g.status === 'active' && (
        <MessageForm
          action={`/study-groups/${g.id}/threads/${thread.id}/posts`}
          label={t('studyGroups.posts.reply')}
          hint={t('studyGroups.markdownHint')}
          rows={6}
          value={props.values?.body ?? ''}
          submit={t('studyGroups.posts.submit')}
          errors={props.errors}
        />
      )}
    </Layout>
  );
}

// ---------------------------------------------------------------------------------------------

export interface FoundDocument {
  id: number;
  title: string;
  kind: string | null;
  countryIso3: string | null;
  shared: boolean;
}

export function DocumentsPage(props: {
  group: StudyGroup;
  documents: SharedDocumentRow[];
  canModerate: boolean;
  canShare: boolean;
  actorId: number;
  q: string;
  found: FoundDocument[] | null;
  documentId: string;
  errors?: FieldError[];
  notice?: string | null;
}) {
  const { t, locale } = useCtx();
  const g = props.group;
  return (
    <Layout title={t('studyGroups.documents.title')} help={HELP} hasErrors={!!props.errors?.length}>
      <Crumbs group={g} />
      <PageNotices feature="studyGroups" notice={props.notice} />
      <h1>{t('studyGroups.documents.title')}</h1>
      <p class="lead">{t('studyGroups.documents.lead')}</p>
      {props.documents.length === 0 ? (
        <p>{t('studyGroups.documents.none')}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">{t('studyGroups.documents.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('studyGroups.documents.document')}</th>
              <th scope="col">{t('studyGroups.documents.sharedBy')}</th>
              <th scope="col">{t('studyGroups.documents.output')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('studyGroups.documents.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.documents.map((d) => (
              <tr key={d.link_id}>
                <td>
                  <Link href={`/documents/${d.document_id}`}>
                    <LocalizedText picked={pick(d.title, locale, d.orig_locale)} />
                  </Link>
                  <br />
                  <span class="meta">
                    {t(`documents.type.${d.doc_type}`)}
                    {d.country_iso3 && ` · ${countryName(d.country_iso3, locale)}`}
                  </span>
                </td>
                <td>
                  {d.added_by_name}
                  <br />
                  <span class="meta">{formatDate(d.added_at, locale)}</span>
                </td>
                <td>
                  {d.is_output === 1 ? (
                    <span class="badge badge--ok">{t('studyGroups.documents.isOutput')}</span>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {props.canModerate && (
                    <ActionButton
                      action={`/study-groups/${g.id}/documents/${d.link_id}/output`}
                      label={
                        d.is_output === 1
                          ? t('studyGroups.documents.unmarkOutput')
                          : t('studyGroups.documents.markOutput')
                      }
                      variant="secondary"
                    >
                      <input type="hidden" name="output" value={d.is_output === 1 ? '0' : '1'} />
                    </ActionButton>
                  )}{' '}
                  {(props.canModerate || d.added_by === props.actorId) && (
                    <ActionButton
                      action={`/study-groups/${g.id}/documents/${d.link_id}/remove`}
                      label={t('studyGroups.documents.remove')}
                      variant="secondary"
                    />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {props.canShare && g.status === 'active' && (
        <section aria-labelledby="sg-share">
          <h2 id="sg-share">{t('studyGroups.documents.share')}</h2>
          <form
            method="get"
            action={`/${locale}/study-groups/${g.id}/documents`}
            class="doc-filters"
            role="search"
          >
            <div class="field field--inline">
              <label for="f-q">{t('studyGroups.documents.search')}</label>
              <input id="f-q" name="q" type="search" class="input" value={props.q} />
            </div>
            <div class="doc-filters__actions">
              <Button variant="secondary">{t('studyGroups.documents.searchButton')}</Button>
            </div>
          </form>
          {props.found &&
            (props.found.length === 0 ? (
              <p>{t('studyGroups.documents.noResults')}</p>
            ) : (
              <ul class="plain-list">
                {props.found.map((d) => (
                  <li key={d.id} class="sg-found">
                    <Link href={`/documents/${d.id}`}>{d.title}</Link>{' '}
                    <span class="meta">
                      {d.kind && t(`documents.type.${d.kind}`)}
                      {d.countryIso3 && ` · ${countryName(d.countryIso3, locale)}`}
                    </span>{' '}
                    {d.shared ? (
                      <span class="badge">{t('studyGroups.documents.alreadyShared')}</span>
                    ) : (
                      <ActionButton
                        action={`/study-groups/${g.id}/documents`}
                        label={t('studyGroups.documents.shareButton')}
                      >
                        <input type="hidden" name="document_id" value={String(d.id)} />
                      </ActionButton>
                    )}
                  </li>
                ))}
              </ul>
            ))}
          <Form action={`/study-groups/${g.id}/documents`}>
            <ErrorSummary errors={props.errors} />
            <TextField
              name="document_id"
              label={t('studyGroups.documents.byId')}
              hint={t('studyGroups.documents.byIdHint')}
              inputmode="numeric"
              width="short"
              value={props.documentId}
              errors={props.errors}
            />
            <Button>{t('studyGroups.documents.shareButton')}</Button>
          </Form>
        </section>
      )}
    </Layout>
  );
}

/** The groups on a priority theme, for the theme's page. */
export function ThemeGroups({ rows, code, total }: { rows: GroupListRow[]; code: string; total: number }) {
  const { t } = useCtx();
  return (
    <ThemeItems
      heading={t('studyGroups.title')}
      rows={rows}
      href={(g) => `/study-groups/${g.id}`}
      after={(g) => <GroupStatus status={g.status} />}
      total={total}
      all={{ href: `/study-groups?theme=${code}`, label: t('studyGroups.themeAll', { count: total }) }}
    />
  );
}
