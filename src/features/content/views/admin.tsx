import type { ComponentChildren } from 'preact';
import type { ContentPage, Link as LinkRow, News, Theme } from '../../../db/schema.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import { formatDate, pick } from '../../../platform/i18n/format.ts';
import {
  Button,
  Checkbox,
  ErrorSummary,
  Form,
  Link,
  LocalizedText,
  Notice,
  Pagination,
  Select,
  TextField,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { LINK_CATEGORIES } from '../service.ts';
import { type FormValues, PreviewPanel, TranslatableFields } from './shared.tsx';

const HELP = '/help/secretariat-guide-content-pages';

/** Each kind of content the Secretariat edits, in the order of the content home: its list at
 * `/admin/<kind>`, its help chapter, and the headings of its list and form pages. */
const KINDS = {
  pages: {
    help: HELP,
    list: 'content.admin.pages',
    lead: 'content.admin.pagesLead',
    add: 'content.admin.newPage',
    edit: 'content.admin.editPage',
  },
  news: {
    help: '/help/secretariat-guide-news',
    list: 'content.admin.news',
    lead: 'content.admin.newsLead',
    add: 'content.admin.newNews',
    edit: 'content.admin.editNews',
  },
  themes: {
    help: '/help/secretariat-guide-themes',
    list: 'content.admin.themes',
    lead: 'content.admin.themesLead',
    add: 'content.admin.newTheme',
    edit: 'content.admin.editTheme',
  },
  links: {
    help: HELP,
    list: 'content.admin.links',
    lead: 'content.admin.linksLead',
    add: 'content.admin.newLink',
    edit: 'content.admin.editLink',
  },
} as const;
type Kind = keyof typeof KINDS;

/** The content home, then the list a form belongs to. */
function Breadcrumb({ list }: { list?: { href: string; label: string } }) {
  const { t } = useCtx();
  return (
    <nav class="breadcrumbs" aria-label={t('content.breadcrumbs')}>
      <ol>
        <li>
          <Link href="/admin/content">{t('content.admin.title')}</Link>
        </li>
        {list && (
          <li>
            <Link href={list.href}>{list.label}</Link>
          </li>
        )}
      </ol>
    </nav>
  );
}

function Saved({ saved }: { saved?: string }) {
  const { t } = useCtx();
  if (!saved) return null;
  return (
    <Notice>
      {t(
        saved === 'deleted'
          ? 'content.admin.deleted'
          : saved === 'restored'
            ? 'content.admin.restored'
            : 'form.saved',
      )}
    </Notice>
  );
}

function Status({ ok, okKey, offKey }: { ok: boolean; okKey: string; offKey: string }) {
  const { t } = useCtx();
  return <span class={ok ? 'badge badge--ok' : 'badge badge--warn'}>{t(ok ? okKey : offKey)}</span>;
}

/** A list page of one kind of content, with its "new" button and table. */
function AdminList(props: {
  kind: Kind;
  saved?: string;
  /** Message keys of the column headings; `{ num }` for a right-aligned number column. */
  columns: readonly (string | { num: string })[];
  children: ComponentChildren;
  after?: ComponentChildren;
}) {
  const { t } = useCtx();
  const kind = KINDS[props.kind];
  const title = t(kind.list);
  return (
    <Layout title={title} help={kind.help}>
      <Breadcrumb />
      <h1>{title}</h1>
      <Saved saved={props.saved} />
      <p>
        <Link href={`/admin/${props.kind}/new`} class="button button--primary">
          {t(kind.add)}
        </Link>
      </p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{title}</caption>
          <thead>
            <tr>
              {props.columns.map((c) =>
                typeof c === 'string' ? (
                  <th key={c} scope="col">
                    {t(c)}
                  </th>
                ) : (
                  <th key={c.num} scope="col" class="num">
                    {t(c.num)}
                  </th>
                ),
              )}
            </tr>
          </thead>
          <tbody>{props.children}</tbody>
        </table>
      </div>
      {props.after}
    </Layout>
  );
}

/**
 * The form of one kind of content: error summary, the preview of its Markdown when asked for
 * (`previewable` forms have a Preview button), its fields, and Save and Cancel.
 */
function AdminForm(props: {
  kind: Kind;
  /** The slug, code or id of the record edited; null for a new one. */
  current: string | number | null;
  values: FormValues;
  errors?: FieldError[];
  previewable?: boolean;
  preview?: boolean;
  children: ComponentChildren;
}) {
  const { t } = useCtx();
  const { errors, current } = props;
  const kind = KINDS[props.kind];
  const list = `/admin/${props.kind}`;
  const title = t(current ? kind.edit : kind.add);
  return (
    <Layout title={title} help={kind.help} hasErrors={!!errors?.length}>
      <Breadcrumb list={{ href: list, label: t(kind.list) }} />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      {props.preview && <PreviewPanel values={props.values} titleField="title" bodyField="body" />}
      <Form action={current ? `${list}/${current}/edit` : `${list}/new`}>
        {props.children}
        <div class="actions">
          {props.previewable ? (
            <>
              <Button name="intent" value="save">
                {t('form.save')}
              </Button>
              <Button name="intent" value="preview" variant="secondary">
                {t('content.form.preview')}
              </Button>
            </>
          ) : (
            <Button>{t('form.save')}</Button>
          )}
          <Link href={list}>{t('form.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}

/** The slug or code of a record: typed once, then shown as it is (it never changes). */
function KeyField(props: {
  name: string;
  label: string;
  hint: string;
  current: string | null;
  values: FormValues;
  errors?: FieldError[];
}) {
  if (props.current) {
    return (
      <p>
        {props.label}: <code>{props.current}</code>
      </p>
    );
  }
  return (
    <TextField
      name={props.name}
      label={props.label}
      hint={props.hint}
      value={props.values[props.name]}
      errors={props.errors}
      width="short"
    />
  );
}

function SortOrderField({ values, errors }: { values: FormValues; errors?: FieldError[] }) {
  const { t } = useCtx();
  return (
    <TextField
      name="sort_order"
      label={t('content.form.sortOrder')}
      hint={t('content.form.sortOrderHint')}
      value={values.sort_order || '0'}
      inputmode="numeric"
      width="short"
      errors={errors}
    />
  );
}

export function AdminContentIndex() {
  const { t } = useCtx();
  return (
    <Layout title={t('content.admin.title')} help={HELP}>
      <h1>{t('content.admin.title')}</h1>
      <ul class="plain-list">
        {(Object.keys(KINDS) as Kind[]).map((kind) => (
          <li key={kind}>
            <Link href={`/admin/${kind}`}>
              <strong>{t(KINDS[kind].list)}</strong>
            </Link>
            <p class="meta">{t(KINDS[kind].lead)}</p>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

// Pages

export function AdminPagesList({ pages, saved }: { pages: ContentPage[]; saved?: string }) {
  const { t, locale } = useCtx();
  const manuals = pages.filter((p) => p.section === 'help' && !p.parent_slug);
  const site = pages.filter((p) => p.section !== 'help');
  const rows = [
    ...site.map((p) => ({ page: p, depth: 0 })),
    ...manuals.flatMap((m) => [
      { page: m, depth: 0 },
      ...pages.filter((p) => p.parent_slug === m.slug).map((p) => ({ page: p, depth: 1 })),
    ]),
  ];
  const shown = new Set(rows.map((r) => r.page.slug));
  for (const p of pages) if (!shown.has(p.slug)) rows.push({ page: p, depth: 0 });
  return (
    <AdminList
      kind="pages"
      saved={saved}
      columns={[
        'content.form.title',
        'content.form.slug',
        'content.form.section',
        'content.admin.status',
        'content.admin.updated',
      ]}
    >
      {rows.map(({ page: p, depth }) => (
        <tr key={p.slug}>
          <td class={depth ? 'indent' : undefined}>
            <Link href={`/admin/pages/${p.slug}/edit`}>
              <LocalizedText picked={pick(p.title, locale, p.orig_locale)} />
            </Link>
          </td>
          <td>
            <Link
              href={
                p.section === 'help' ? `/help/${p.slug}` : p.slug === 'about' ? '/about' : `/pages/${p.slug}`
              }
            >
              <code>{p.slug}</code>
            </Link>
          </td>
          <td>{t(p.section === 'help' ? 'content.form.sectionHelp' : 'content.form.sectionSite')}</td>
          <td>
            <Status ok={p.published === 1} okKey="content.admin.published" offKey="content.admin.draft" />
          </td>
          <td>{formatDate(p.updated_at, locale)}</td>
        </tr>
      ))}
    </AdminList>
  );
}

export function PageFormPage(props: {
  slug: string | null;
  values: FormValues;
  errors?: FieldError[];
  preview: boolean;
  manuals: ContentPage[];
}) {
  const { t, locale } = useCtx();
  const { values, errors, slug } = props;
  return (
    <AdminForm
      kind="pages"
      current={slug}
      values={values}
      errors={errors}
      previewable
      preview={props.preview}
    >
      <KeyField
        name="slug"
        label={t('content.form.slug')}
        hint={t('content.form.slugHint')}
        current={slug}
        values={values}
        errors={errors}
      />
      <Select
        name="section"
        label={t('content.form.section')}
        value={values.section || 'site'}
        options={[
          { value: 'site', label: t('content.form.sectionSite') },
          { value: 'help', label: t('content.form.sectionHelp') },
        ]}
        errors={errors}
      />
      <Select
        name="parent_slug"
        label={t('content.form.parent')}
        hint={t('content.form.parentHint')}
        value={values.parent_slug}
        empty={t('content.form.noParent')}
        options={props.manuals
          .filter((m) => m.slug !== slug)
          .map((m) => ({ value: m.slug, label: pick(m.title, locale, m.orig_locale).text }))}
        errors={errors}
      />
      <SortOrderField values={values} errors={errors} />
      <TranslatableFields
        fields={[
          { name: 'title', label: t('content.form.title') },
          { name: 'body', label: t('content.form.body'), multiline: true, rows: 14 },
        ]}
        values={values}
        errors={errors}
        markdown
      />
      <Checkbox name="published" label={t('content.form.published')} checked={values.published === 'on'} />
    </AdminForm>
  );
}

// News

export function AdminNewsList(props: { items: News[]; page: number; pages: number; saved?: string }) {
  const { t, locale } = useCtx();
  return (
    <AdminList
      kind="news"
      saved={props.saved}
      columns={[
        'content.form.title',
        'content.admin.status',
        'content.admin.updated',
        'content.admin.actions',
      ]}
      after={<Pagination page={props.page} pages={props.pages} base="/admin/news" />}
    >
      {props.items.map((n) => (
        <tr key={n.id}>
          <td>
            {n.deleted_at ? (
              <LocalizedText picked={pick(n.title, locale, n.orig_locale)} />
            ) : (
              <Link href={`/admin/news/${n.id}/edit`}>
                <LocalizedText picked={pick(n.title, locale, n.orig_locale)} />
              </Link>
            )}
          </td>
          <td>
            {n.deleted_at ? (
              <span class="badge badge--error">{t('content.admin.removed')}</span>
            ) : (
              <Status
                ok={n.published_at !== null}
                okKey="content.admin.published"
                offKey="content.admin.draft"
              />
            )}
          </td>
          <td>{formatDate(n.updated_at, locale)}</td>
          <td>
            <div class="row-actions">
              {n.deleted_at ? (
                <Form action={`/admin/news/${n.id}/restore`} class="inline-form">
                  <Button variant="secondary">{t('content.admin.restore')}</Button>
                </Form>
              ) : (
                <>
                  <Form
                    action={`/admin/news/${n.id}/${n.published_at ? 'unpublish' : 'publish'}`}
                    class="inline-form"
                  >
                    <Button variant="secondary">
                      {t(n.published_at ? 'content.admin.unpublish' : 'content.admin.publish')}
                    </Button>
                  </Form>
                  <Link href={`/news/${n.id}`}>{t('content.admin.view')}</Link>
                  <Link href={`/admin/news/${n.id}/delete`}>{t('content.admin.delete')}</Link>
                </>
              )}
            </div>
          </td>
        </tr>
      ))}
    </AdminList>
  );
}

export function NewsFormPage(props: {
  id: number | null;
  values: FormValues;
  errors?: FieldError[];
  preview: boolean;
}) {
  const { t } = useCtx();
  const { values, errors, id } = props;
  return (
    <AdminForm kind="news" current={id} values={values} errors={errors} previewable preview={props.preview}>
      <TranslatableFields
        fields={[
          { name: 'title', label: t('content.form.title') },
          { name: 'body', label: t('content.form.body'), multiline: true, rows: 8 },
        ]}
        values={values}
        errors={errors}
        markdown
      />
      <Checkbox name="published" label={t('content.form.publishNews')} checked={values.published === 'on'} />
    </AdminForm>
  );
}

/** "Are you sure?" before removing something (it can be restored afterwards). */
export function ConfirmDeletePage(props: { heading: string; name: string; action: string; cancel: string }) {
  const { t } = useCtx();
  return (
    <Layout title={props.heading}>
      <h1>{props.heading}</h1>
      <p>
        <strong>{props.name}</strong>
      </p>
      <p>{t('content.admin.deleteExplain')}</p>
      <Form action={props.action}>
        <div class="actions">
          <Button variant="danger">{t('content.admin.delete')}</Button>
          <Link href={props.cancel}>{t('form.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}

// Themes

export function AdminThemesList({ themes, saved }: { themes: Theme[]; saved?: string }) {
  const { locale } = useCtx();
  return (
    <AdminList
      kind="themes"
      saved={saved}
      columns={[
        { num: 'content.form.sortOrder' },
        'content.form.name',
        'content.form.code',
        'content.admin.status',
      ]}
    >
      {themes.map((th) => (
        <tr key={th.code}>
          <td class="num">{th.sort_order}</td>
          <td>
            <Link href={`/admin/themes/${th.code}/edit`}>
              <LocalizedText picked={pick(th.name, locale, th.orig_locale)} />
            </Link>
          </td>
          <td>
            <code>{th.code}</code>
          </td>
          <td>
            <Status ok={th.active === 1} okKey="content.admin.active" offKey="content.admin.inactive" />
          </td>
        </tr>
      ))}
    </AdminList>
  );
}

export function ThemeFormPage(props: { code: string | null; values: FormValues; errors?: FieldError[] }) {
  const { t } = useCtx();
  const { values, errors, code } = props;
  return (
    <AdminForm kind="themes" current={code} values={values} errors={errors}>
      <KeyField
        name="code"
        label={t('content.form.code')}
        hint={t('content.form.codeHint')}
        current={code}
        values={values}
        errors={errors}
      />
      <SortOrderField values={values} errors={errors} />
      <TranslatableFields
        fields={[
          { name: 'name', label: t('content.form.name') },
          { name: 'description', label: t('content.form.description'), multiline: true, rows: 4 },
        ]}
        values={values}
        errors={errors}
        markdown
      />
      <Checkbox name="active" label={t('content.form.active')} checked={values.active === 'on'} />
    </AdminForm>
  );
}

// Links

export function AdminLinksList({ links, saved }: { links: LinkRow[]; saved?: string }) {
  const { t, locale } = useCtx();
  return (
    <AdminList
      kind="links"
      saved={saved}
      columns={[
        'content.form.name',
        'content.form.category',
        { num: 'content.form.sortOrder' },
        'content.admin.actions',
      ]}
    >
      {links.map((l) => (
        <tr key={l.id}>
          <td>
            {l.deleted_at ? (
              <LocalizedText picked={pick(l.name, locale, l.orig_locale)} />
            ) : (
              <Link href={`/admin/links/${l.id}/edit`}>
                <LocalizedText picked={pick(l.name, locale, l.orig_locale)} />
              </Link>
            )}
            <br />
            <span class="meta">{l.url}</span>
          </td>
          <td>{t(`content.links.category.${l.category}`)}</td>
          <td class="num">{l.sort_order}</td>
          <td>
            {l.deleted_at ? (
              <Form action={`/admin/links/${l.id}/restore`} class="inline-form">
                <span class="badge badge--error">{t('content.admin.removed')}</span>{' '}
                <Button variant="secondary">{t('content.admin.restore')}</Button>
              </Form>
            ) : (
              <Link href={`/admin/links/${l.id}/delete`}>{t('content.admin.delete')}</Link>
            )}
          </td>
        </tr>
      ))}
    </AdminList>
  );
}

export function LinkFormPage(props: { id: number | null; values: FormValues; errors?: FieldError[] }) {
  const { t } = useCtx();
  const { values, errors, id } = props;
  return (
    <AdminForm kind="links" current={id} values={values} errors={errors}>
      <TextField
        name="url"
        label={t('content.form.url')}
        hint={t('content.form.urlHint')}
        type="url"
        value={values.url}
        errors={errors}
      />
      <Select
        name="category"
        label={t('content.form.category')}
        value={values.category || 'international'}
        options={LINK_CATEGORIES.map((c) => ({ value: c, label: t(`content.links.category.${c}`) }))}
        errors={errors}
      />
      <SortOrderField values={values} errors={errors} />
      <TranslatableFields
        fields={[
          { name: 'name', label: t('content.form.name') },
          { name: 'description', label: t('content.form.description') },
        ]}
        values={values}
        errors={errors}
      />
    </AdminForm>
  );
}
