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
import {
  type FormValues,
  LocalizedFieldsets,
  MarkdownHint,
  OrigLocaleSelect,
  PreviewPanel,
} from './shared.tsx';

const HELP = '/help/secretariat-guide-content-pages';
const NEWS_HELP = '/help/secretariat-guide-news';
const THEMES_HELP = '/help/secretariat-guide-themes';

function Breadcrumb({ href, label }: { href: string; label: string }) {
  const { t } = useCtx();
  return (
    <nav class="breadcrumbs" aria-label={t('content.breadcrumbs')}>
      <ol>
        <li>
          <Link href="/admin/content">{t('content.admin.title')}</Link>
        </li>
        {href !== '/admin/content' && (
          <li>
            <Link href={href}>{label}</Link>
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

export function AdminContentIndex() {
  const { t } = useCtx();
  const sections = [
    ['/admin/pages', 'content.admin.pages', 'content.admin.pagesLead'],
    ['/admin/news', 'content.admin.news', 'content.admin.newsLead'],
    ['/admin/themes', 'content.admin.themes', 'content.admin.themesLead'],
    ['/admin/links', 'content.admin.links', 'content.admin.linksLead'],
  ] as const;
  return (
    <Layout title={t('content.admin.title')} help={HELP}>
      <h1>{t('content.admin.title')}</h1>
      <ul class="plain-list">
        {sections.map(([href, label, lead]) => (
          <li key={href}>
            <Link href={href}>
              <strong>{t(label)}</strong>
            </Link>
            <p class="meta">{t(lead)}</p>
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
    <Layout title={t('content.admin.pages')} help={HELP}>
      <Breadcrumb href="/admin/content" label="" />
      <h1>{t('content.admin.pages')}</h1>
      <Saved saved={saved} />
      <p>
        <Link href="/admin/pages/new" class="button button--primary">
          {t('content.admin.newPage')}
        </Link>
      </p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('content.admin.pages')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('content.form.title')}</th>
              <th scope="col">{t('content.form.slug')}</th>
              <th scope="col">{t('content.form.section')}</th>
              <th scope="col">{t('content.admin.status')}</th>
              <th scope="col">{t('content.admin.updated')}</th>
            </tr>
          </thead>
          <tbody>
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
                      p.section === 'help'
                        ? `/help/${p.slug}`
                        : p.slug === 'about'
                          ? '/about'
                          : `/pages/${p.slug}`
                    }
                  >
                    <code>{p.slug}</code>
                  </Link>
                </td>
                <td>{t(p.section === 'help' ? 'content.form.sectionHelp' : 'content.form.sectionSite')}</td>
                <td>
                  <Status
                    ok={p.published === 1}
                    okKey="content.admin.published"
                    offKey="content.admin.draft"
                  />
                </td>
                <td>{formatDate(p.updated_at, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
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
  const title = slug ? t('content.admin.editPage') : t('content.admin.newPage');
  return (
    <Layout title={title} help={HELP} hasErrors={!!errors?.length}>
      <Breadcrumb href="/admin/pages" label={t('content.admin.pages')} />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      {props.preview && <PreviewPanel values={values} titleField="title" bodyField="body" />}
      <Form action={slug ? `/admin/pages/${slug}/edit` : '/admin/pages/new'}>
        {slug ? (
          <p>
            {t('content.form.slug')}: <code>{slug}</code>
          </p>
        ) : (
          <TextField
            name="slug"
            label={t('content.form.slug')}
            hint={t('content.form.slugHint')}
            value={values.slug}
            errors={errors}
            width="short"
          />
        )}
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
        <TextField
          name="sort_order"
          label={t('content.form.sortOrder')}
          hint={t('content.form.sortOrderHint')}
          value={values.sort_order || '0'}
          inputmode="numeric"
          width="short"
          errors={errors}
        />
        <OrigLocaleSelect values={values} errors={errors} />
        <MarkdownHint />
        <LocalizedFieldsets
          fields={[
            { name: 'title', label: t('content.form.title') },
            { name: 'body', label: t('content.form.body'), multiline: true, rows: 14 },
          ]}
          values={values}
          errors={errors}
        />
        <Checkbox name="published" label={t('content.form.published')} checked={values.published === 'on'} />
        <div class="actions">
          <Button name="intent" value="save">
            {t('form.save')}
          </Button>
          <Button name="intent" value="preview" variant="secondary">
            {t('content.form.preview')}
          </Button>
          <Link href="/admin/pages">{t('form.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}

// News

export function AdminNewsList(props: { items: News[]; page: number; pages: number; saved?: string }) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('content.admin.news')} help={NEWS_HELP}>
      <Breadcrumb href="/admin/content" label="" />
      <h1>{t('content.admin.news')}</h1>
      <Saved saved={props.saved} />
      <p>
        <Link href="/admin/news/new" class="button button--primary">
          {t('content.admin.newNews')}
        </Link>
      </p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('content.admin.news')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('content.form.title')}</th>
              <th scope="col">{t('content.admin.status')}</th>
              <th scope="col">{t('content.admin.updated')}</th>
              <th scope="col">{t('content.admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
      <Pagination page={props.page} pages={props.pages} base="/admin/news" />
    </Layout>
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
  const title = id ? t('content.admin.editNews') : t('content.admin.newNews');
  return (
    <Layout title={title} help={NEWS_HELP} hasErrors={!!errors?.length}>
      <Breadcrumb href="/admin/news" label={t('content.admin.news')} />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      {props.preview && <PreviewPanel values={values} titleField="title" bodyField="body" />}
      <Form action={id ? `/admin/news/${id}/edit` : '/admin/news/new'}>
        <OrigLocaleSelect values={values} errors={errors} />
        <MarkdownHint />
        <LocalizedFieldsets
          fields={[
            { name: 'title', label: t('content.form.title') },
            { name: 'body', label: t('content.form.body'), multiline: true, rows: 8 },
          ]}
          values={values}
          errors={errors}
        />
        <Checkbox
          name="published"
          label={t('content.form.publishNews')}
          checked={values.published === 'on'}
        />
        <div class="actions">
          <Button name="intent" value="save">
            {t('form.save')}
          </Button>
          <Button name="intent" value="preview" variant="secondary">
            {t('content.form.preview')}
          </Button>
          <Link href="/admin/news">{t('form.cancel')}</Link>
        </div>
      </Form>
    </Layout>
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
  const { t, locale } = useCtx();
  return (
    <Layout title={t('content.admin.themes')} help={THEMES_HELP}>
      <Breadcrumb href="/admin/content" label="" />
      <h1>{t('content.admin.themes')}</h1>
      <Saved saved={saved} />
      <p>
        <Link href="/admin/themes/new" class="button button--primary">
          {t('content.admin.newTheme')}
        </Link>
      </p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('content.admin.themes')}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                {t('content.form.sortOrder')}
              </th>
              <th scope="col">{t('content.form.name')}</th>
              <th scope="col">{t('content.form.code')}</th>
              <th scope="col">{t('content.admin.status')}</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function ThemeFormPage(props: { code: string | null; values: FormValues; errors?: FieldError[] }) {
  const { t } = useCtx();
  const { values, errors, code } = props;
  const title = code ? t('content.admin.editTheme') : t('content.admin.newTheme');
  return (
    <Layout title={title} help={THEMES_HELP} hasErrors={!!errors?.length}>
      <Breadcrumb href="/admin/themes" label={t('content.admin.themes')} />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <Form action={code ? `/admin/themes/${code}/edit` : '/admin/themes/new'}>
        {code ? (
          <p>
            {t('content.form.code')}: <code>{code}</code>
          </p>
        ) : (
          <TextField
            name="code"
            label={t('content.form.code')}
            hint={t('content.form.codeHint')}
            value={values.code}
            errors={errors}
            width="short"
          />
        )}
        <TextField
          name="sort_order"
          label={t('content.form.sortOrder')}
          hint={t('content.form.sortOrderHint')}
          value={values.sort_order || '0'}
          inputmode="numeric"
          width="short"
          errors={errors}
        />
        <OrigLocaleSelect values={values} errors={errors} />
        <MarkdownHint />
        <LocalizedFieldsets
          fields={[
            { name: 'name', label: t('content.form.name') },
            { name: 'description', label: t('content.form.description'), multiline: true, rows: 4 },
          ]}
          values={values}
          errors={errors}
        />
        <Checkbox name="active" label={t('content.form.active')} checked={values.active === 'on'} />
        <div class="actions">
          <Button>{t('form.save')}</Button>
          <Link href="/admin/themes">{t('form.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}

// Links

export function AdminLinksList({ links, saved }: { links: LinkRow[]; saved?: string }) {
  const { t, locale } = useCtx();
  return (
    <Layout title={t('content.admin.links')} help={HELP}>
      <Breadcrumb href="/admin/content" label="" />
      <h1>{t('content.admin.links')}</h1>
      <Saved saved={saved} />
      <p>
        <Link href="/admin/links/new" class="button button--primary">
          {t('content.admin.newLink')}
        </Link>
      </p>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{t('content.admin.links')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('content.form.name')}</th>
              <th scope="col">{t('content.form.category')}</th>
              <th scope="col" class="num">
                {t('content.form.sortOrder')}
              </th>
              <th scope="col">{t('content.admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
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
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function LinkFormPage(props: { id: number | null; values: FormValues; errors?: FieldError[] }) {
  const { t } = useCtx();
  const { values, errors, id } = props;
  const title = id ? t('content.admin.editLink') : t('content.admin.newLink');
  return (
    <Layout title={title} help={HELP} hasErrors={!!errors?.length}>
      <Breadcrumb href="/admin/links" label={t('content.admin.links')} />
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <Form action={id ? `/admin/links/${id}/edit` : '/admin/links/new'}>
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
        <TextField
          name="sort_order"
          label={t('content.form.sortOrder')}
          hint={t('content.form.sortOrderHint')}
          value={values.sort_order || '0'}
          inputmode="numeric"
          width="short"
          errors={errors}
        />
        <OrigLocaleSelect values={values} errors={errors} />
        <LocalizedFieldsets
          fields={[
            { name: 'name', label: t('content.form.name') },
            { name: 'description', label: t('content.form.description') },
          ]}
          values={values}
          errors={errors}
        />
        <div class="actions">
          <Button>{t('form.save')}</Button>
          <Link href="/admin/links">{t('form.cancel')}</Link>
        </div>
      </Form>
    </Layout>
  );
}
