import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { DocumentRow } from '../../db/schema.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { can, ForbiddenError, isSecretariat } from '../../platform/auth/policy.ts';
import { markdownToText } from '../../platform/content/markdown.ts';
import { attachmentDisposition, type FileKind, fileStore } from '../../platform/files/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { formRoute } from '../../platform/http/form-route.ts';
import { intParam, str } from '../../platform/http/form.ts';
import { loginRedirect, requirePoster } from '../../platform/http/guards.ts';
import { pageParam } from '../../platform/http/query.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import { countryName, type Localized, parseLocalized, pick } from '../../platform/i18n/format.ts';
import { LOCALES, type Locale } from '../../platform/i18n/locales.ts';
import { Link } from '../../views/components.tsx';
import { useCtx } from '../../views/context.ts';
import { registerCountrySection } from '../countries/sections.ts';
import { documentsApi } from './api.ts';
import { registerExtraction } from './extraction.ts';
import { atomFeed } from './feed.ts';
import { isSection, PAGE_SIZE, SECTIONS } from './model.ts';
import { canEditDocument, manageScope, mayCreateDocuments, type ReadScope, readScope } from './policy.ts';
import { parseFilters } from './filters.ts';
import { documentRepository, type ListFilters } from './repository.ts';
import { type DocumentInput, documentService } from './service.ts';
import { inputFromFields, readMultipart } from './upload.ts';
import { DocumentPage } from './views/document.tsx';
import { DocumentFormPage, type DocumentFormValues, SectionIntroPage } from './views/form.tsx';
import { CountryDocumentsPage, LibraryPage, ManagePage, pickedIntro, SectionPage } from './views/library.tsx';
import { DocumentListing, type ListedDocument } from './views/shared.tsx';

type Params = {
  locale: Locale;
  id?: string;
  fileId?: string;
  section?: string;
  iso3?: string;
  theme?: string;
};

function jsonLd(
  doc: DocumentRow,
  baseUrl: string,
  locale: Locale,
  files: { id: number; content_type: string; size_bytes: number }[],
  institution: string | null,
): string {
  const title = pick(doc.title, locale, doc.orig_locale);
  const summary = markdownToText(pick(doc.summary, locale, doc.orig_locale).text, 500);
  const url = `${baseUrl}/${locale}/documents/${doc.id}`;
  const type =
    doc.doc_type === 'law'
      ? 'Legislation'
      : doc.doc_type === 'report' || doc.doc_type === 'study'
        ? 'Report'
        : 'DigitalDocument';
  const data: Record<string, unknown> = {
    '@context': 'https://schema.org',
    '@type': type,
    '@id': url,
    url,
    name: title.text,
    inLanguage: doc.orig_locale,
    isAccessibleForFree: true,
  };
  if (summary) data.description = summary;
  if (doc.publication_date) data.datePublished = doc.publication_date;
  data.dateModified = doc.updated_at;
  if (doc.authors)
    data.author = doc.authors
      .split(/[;,]/)
      .map((name) => ({ '@type': 'Person', name: name.trim() }))
      .filter((a) => a.name);
  if (institution) data.publisher = { '@type': 'Organization', name: institution };
  if (doc.keywords) data.keywords = doc.keywords;
  if (doc.country_iso3)
    data.spatialCoverage = { '@type': 'Country', name: countryName(doc.country_iso3, 'en') };
  if (files.length) {
    data.encoding = files.map((f) => ({
      '@type': 'MediaObject',
      contentUrl: `${baseUrl}/${locale}/documents/${doc.id}/files/${f.id}`,
      encodingFormat: f.content_type.split(';')[0],
      contentSize: `${f.size_bytes} B`,
    }));
  }
  if (doc.external_url) data.sameAs = doc.external_url;
  // Inside <script>, "<" could close the element: escape it in the JSON.
  return JSON.stringify(data).replace(/</g, '\\u003c');
}

export async function documentsRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = documentRepository(deps.db);
  const service = documentService(deps);
  const store = fileStore(deps.config.filesDir);
  registerExtraction(deps);
  deps.nav.push({ label: 'nav.documents', href: '/documents', order: 30 });

  async function withFiles(rows: DocumentRow[]): Promise<ListedDocument[]> {
    const files = await repo.currentFilesOf(rows.map((r) => r.id));
    return rows.map((doc) => ({ doc, files: files.filter((f) => f.document_id === doc.id) }));
  }

  async function listData(scope: ReadScope, filters: ListFilters, page: number) {
    const [{ rows, total }, themes, countries, years] = await Promise.all([
      repo.listVisible(scope, filters, page, PAGE_SIZE),
      repo.themes(),
      repo.countries(),
      repo.years(scope),
    ]);
    return {
      items: await withFiles(rows),
      total,
      page,
      perPage: PAGE_SIZE,
      filters,
      options: { themes, countries: countries.map((c) => c.iso3), years },
    };
  }

  deps.sitemap.push({
    label: 'documents.title',
    href: '/documents',
    order: 30,
    async entries() {
      const docs = await repo.latestVisible({ all: false, signedIn: false, country: null }, {}, 5000);
      return [
        ...SECTIONS.map((s) => ({ path: `/documents/sections/${s}`, titleKey: `documents.section.${s}` })),
        ...docs.map((d) => ({
          path: `/documents/${d.id}`,
          title: parseLocalized(d.title),
          origLocale: d.orig_locale,
          lastmod: d.updated_at,
          parent: `/documents/sections/${d.section}`,
        })),
      ];
    },
  });

  deps.themeSections.push({
    key: 'documents',
    order: 30,
    async load({ theme, actor }) {
      const { rows, total } = await repo.listVisible(readScope(actor), { theme: theme.code }, 1, 10);
      if (total === 0) return null;
      const items = await withFiles(rows);
      return <ThemeDocuments items={items} code={theme.code} total={total} />;
    },
  });

  registerCountrySection({
    id: 'documents',
    order: 40,
    async load({ country, actor }) {
      const { rows, total } = await repo.listVisible(readScope(actor), { country: country.iso3 }, 1, 5);
      if (total === 0) return null;
      return <CountryDocuments items={await withFiles(rows)} iso3={country.iso3} total={total} />;
    },
  });

  await app.register(documentsApi, { deps, service, repo, store });

  app.get<{ Params: Params }>('/:locale/documents', { schema: { hide: true } }, async (request, reply) => {
    const scope = readScope(request.actor);
    const filters = parseFilters(request.query);
    const [data, sectionCounts, countryCounts] = await Promise.all([
      listData(scope, filters, pageParam(request.query)),
      repo.countsBySection(scope),
      repo.countsByCountry(scope),
    ]);
    return render(
      request,
      reply,
      <LibraryPage
        {...data}
        canCreate={mayCreateDocuments(request.actor)}
        sectionCounts={sectionCounts}
        countryCounts={countryCounts}
      />,
    );
  });

  app.get<{ Params: Params }>(
    '/:locale/documents/sections/:section',
    { schema: { hide: true } },
    async (request, reply) => {
      const section = request.params.section!;
      if (!isSection(section)) throw new NotFoundError();
      const filters = { ...parseFilters(request.query), section };
      const [data, intro] = await Promise.all([
        listData(readScope(request.actor), filters, pageParam(request.query)),
        repo.section(section),
      ]);
      return render(
        request,
        reply,
        <SectionPage
          {...data}
          section={section}
          intro={pickedIntro(intro?.intro, intro?.orig_locale ?? 'en', request.locale)}
          canEditIntro={can(request.actor, 'page.manage')}
          canCreate={mayCreateDocuments(request.actor)}
          saved={str(request.query, 'saved') === '1'}
        />,
      );
    },
  );

  /** What the Secretariat types into a section's introduction. */
  interface IntroValues {
    intro: Localized;
    origLocale: string;
  }

  formRoute(app, {
    url: '/:locale/documents/sections/:section/edit',
    load(request, reply) {
      const section = request.params.section!;
      if (!isSection(section)) throw new NotFoundError();
      const actor = request.actor;
      if (!actor) {
        void reply.redirect(loginRedirect(request), 303);
        return null;
      }
      if (!can(actor, 'page.manage')) throw new ForbiddenError('page.manage');
      return { actor, section };
    },
    read(request): IntroValues {
      const intro: Localized = {};
      for (const l of LOCALES) intro[l] = str(request.body, `intro_${l}`);
      return { intro, origLocale: str(request.body, 'orig_locale') };
    },
    async page(_request, { section }, failed) {
      if (failed)
        return (
          <SectionIntroPage
            section={section}
            intro={failed.values.intro}
            origLocale={failed.values.origLocale}
            errors={failed.errors}
          />
        );
      const row = await repo.section(section);
      return (
        <SectionIntroPage
          section={section}
          intro={parseLocalized(row?.intro)}
          origLocale={row?.orig_locale ?? 'en'}
        />
      );
    },
    submit: ({ actor, section }, { intro, origLocale }) =>
      service.updateSectionIntro(actor, section, intro, origLocale),
    done: (request, reply, _done, { section }) =>
      redirectLocal(request, reply, `/documents/sections/${section}?saved=1`),
  });

  app.get<{ Params: Params }>(
    '/:locale/documents/countries/:iso3',
    { schema: { hide: true } },
    async (request, reply) => {
      const iso3 = request.params.iso3!.toUpperCase();
      if (!/^[A-Z]{3}$/.test(iso3) || !(await repo.countryExists(iso3))) throw new NotFoundError();
      const filters = { ...parseFilters(request.query), country: iso3 };
      const data = await listData(readScope(request.actor), filters, pageParam(request.query));
      return render(request, reply, <CountryDocumentsPage {...data} iso3={iso3} canCreate={false} />);
    },
  );

  // Feeds carry public documents only, whoever asks: feed readers do not sign in.
  const PUBLIC: ReadScope = { all: false, signedIn: false, country: null };
  async function sendFeed(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
    filters: ListFilters,
    title: string,
    selfPath: string,
    pagePath: string,
  ) {
    const docs = await repo.latestVisible(PUBLIC, filters, 50);
    const body = atomFeed({
      baseUrl: deps.config.baseUrl,
      locale: request.locale,
      title,
      selfPath,
      pagePath,
      docs,
      typeLabel: (type) => request.t(`documents.type.${type}`),
    });
    reply.header('cache-control', `public, max-age=${deps.config.env === 'production' ? 600 : 0}`);
    return reply.type('application/atom+xml; charset=utf-8').send(body);
  }

  app.get<{ Params: Params }>(
    '/:locale/documents/feed.xml',
    { schema: { hide: true } },
    async (request, reply) =>
      sendFeed(request, reply, {}, request.t('documents.feed.title'), '/documents/feed.xml', '/documents'),
  );

  app.get<{ Params: Params }>(
    '/:locale/documents/sections/:section/feed.xml',
    { schema: { hide: true } },
    async (request, reply) => {
      const section = request.params.section!;
      if (!isSection(section)) throw new NotFoundError();
      const title = request.t('documents.feed.sectionTitle', {
        section: request.t(`documents.section.${section}`),
      });
      return sendFeed(
        request,
        reply,
        { section },
        title,
        `/documents/sections/${section}/feed.xml`,
        `/documents/sections/${section}`,
      );
    },
  );

  app.get<{ Params: Params }>(
    '/:locale/documents/themes/:theme/feed.xml',
    { schema: { hide: true } },
    async (request, reply) => {
      const theme = await repo.themeByCode(request.params.theme!);
      if (!theme) throw new NotFoundError();
      const title = request.t('documents.feed.themeTitle', {
        theme: pick(theme.name, request.locale, theme.orig_locale).text,
      });
      return sendFeed(
        request,
        reply,
        { theme: theme.code },
        title,
        `/documents/themes/${theme.code}/feed.xml`,
        `/documents?theme=${theme.code}`,
      );
    },
  );

  app.get<{ Params: Params }>(
    '/:locale/documents/manage',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = request.actor;
      if (!actor) return reply.redirect(loginRedirect(request), 303);
      const scope = manageScope(actor);
      if (!scope) throw new ForbiddenError('document.update');
      const deleted = scope.all && str(request.query, 'deleted') === '1';
      const page = pageParam(request.query);
      const { rows, total } = await repo.listManaged(scope, { deleted, page, perPage: PAGE_SIZE });
      const files = await repo.currentFilesOf(rows.map((r) => r.id));
      const withStatus = rows.map((d) => {
        const own = files.filter((f) => f.document_id === d.id);
        return {
          ...d,
          failed: own.filter((f) => f.extraction_status === 'failed').length,
          pending: own.filter((f) => f.extraction_status === 'queued' || f.extraction_status === 'running')
            .length,
        };
      });
      const q = str(request.query, 'removed') === '1' ? 'documents.removed' : null;
      return render(
        request,
        reply,
        <ManagePage
          rows={withStatus}
          total={total}
          page={page}
          perPage={PAGE_SIZE}
          deleted={deleted}
          isSecretariat={scope.all}
          notice={q}
        />,
      );
    },
  );

  async function formSetup(actor: Actor) {
    const themes = await repo.themes();
    if (isSecretariat(actor)) {
      const countries = await repo.countries();
      return {
        themes,
        countries: countries.map((c) => c.iso3),
        institutions: null,
        fixedCountry: null,
        fixedInstitution: null,
      };
    }
    const country = actor.countryIso3;
    if (actor.role === 'coordinator' && country) {
      return {
        themes,
        countries: null,
        institutions: await repo.institutionsOf(country),
        fixedCountry: country,
        fixedInstitution: null,
      };
    }
    const inst = actor.institutionId ? await repo.institution(actor.institutionId) : undefined;
    return {
      themes,
      countries: null,
      institutions: null,
      fixedCountry: country,
      fixedInstitution: inst ? `${inst.name}${inst.acronym ? ` (${inst.acronym})` : ''}` : null,
    };
  }

  function valuesFrom(input: DocumentInput, base: DocumentFormValues): DocumentFormValues {
    return {
      title: input.title ?? base.title,
      summary: input.summary ?? base.summary,
      origLocale: input.origLocale ?? base.origLocale,
      docType: input.docType ?? base.docType,
      section: input.section ?? base.section,
      themes: input.themes ?? base.themes,
      countryIso3: input.countryIso3 !== undefined ? input.countryIso3 : base.countryIso3,
      institutionId: input.institutionId !== undefined ? input.institutionId : base.institutionId,
      authors: input.authors ?? base.authors,
      publicationDate:
        input.publicationDate !== undefined ? (input.publicationDate ?? '') : base.publicationDate,
      keywords: input.keywords ?? base.keywords,
      externalUrl: input.externalUrl !== undefined ? (input.externalUrl ?? '') : base.externalUrl,
      access: input.access ?? base.access,
      status: input.status ?? base.status,
    };
  }

  function blankValues(request: FastifyRequest, actor: Actor): DocumentFormValues {
    const section = str(request.query, 'section');
    return {
      title: {},
      summary: {},
      origLocale: request.locale,
      docType: '',
      section: isSection(section) ? section : '',
      themes: [],
      countryIso3: isSecretariat(actor) ? null : actor.countryIso3,
      institutionId: isSecretariat(actor) ? null : actor.institutionId,
      authors: '',
      publicationDate: '',
      keywords: '',
      externalUrl: '',
      access: 'public',
      status: 'draft',
    };
  }

  /** The signed-in person of a form: a visitor is sent to sign in from the page, and refused a post. */
  function formActor(request: FastifyRequest, reply: FastifyReply): Actor | null {
    if (request.method === 'POST') return requirePoster(request);
    if (!request.actor) {
      void reply.redirect(loginRedirect(request), 303);
      return null;
    }
    return request.actor;
  }

  /** An upload form's fields as a document, with its files staged and the files refused. */
  async function readUpload(request: FastifyRequest) {
    const parsed = await readMultipart(request, store, deps.config.uploadMaxBytes);
    return { input: inputFromFields(parsed.fields), uploads: parsed.uploads, errors: parsed.errors };
  }

  formRoute(app, {
    url: '/:locale/documents/new',
    load(request, reply) {
      const actor = formActor(request, reply);
      // A submission is checked by the service, once the upload is read.
      if (actor && request.method !== 'POST' && !mayCreateDocuments(actor))
        throw new ForbiddenError('document.create');
      return actor;
    },
    read: readUpload,
    async page(request, actor, failed) {
      const blank = blankValues(request, actor);
      return (
        <DocumentFormPage
          mode="new"
          action="/documents/new"
          values={failed ? valuesFrom(failed.values.input, blank) : blank}
          errors={failed?.errors}
          {...(await formSetup(actor))}
        />
      );
    },
    submit: (actor, { input, uploads, errors }) => service.create(actor, input, uploads, errors),
    done: (request, reply, id) => redirectLocal(request, reply, `/documents/${id}?created=1`),
  });

  async function documentView(
    request: FastifyRequest,
    doc: DocumentRow,
    extra: { versionErrors?: Parameters<typeof DocumentPage>[0]['versionErrors'] } = {},
  ) {
    const [themes, files, institution] = await Promise.all([
      repo.themesOf([doc.id]),
      repo.filesOf(doc.id),
      doc.institution_id ? repo.institution(doc.institution_id) : Promise.resolve(undefined),
    ]);
    const q = request.query as Record<string, unknown>;
    const notice = (['created', 'saved', 'version', 'restored'] as const).find((k) => q?.[k] === '1') ?? null;
    const current = files.filter((f) => f.version === doc.current_version);
    const ld =
      doc.access === 'public' && doc.status === 'published' && !doc.deleted_at
        ? jsonLd(doc, deps.config.baseUrl, request.locale, current, institution?.name ?? null)
        : null;
    return (
      <DocumentPage
        doc={doc}
        themes={themes}
        institution={institution ?? null}
        files={files}
        canEdit={canEditDocument(request.actor, doc)}
        canRestore={!!doc.deleted_at && can(request.actor, 'document.restore')}
        notice={notice}
        versionErrors={extra.versionErrors}
        jsonLd={ld}
      />
    );
  }

  function docId(request: { params: { id?: string } }): number {
    const id = intParam(request.params.id);
    if (!id) throw new NotFoundError();
    return id;
  }

  app.get<{ Params: Params }>(
    '/:locale/documents/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      const doc = await service.readable(request.actor, docId(request));
      return render(request, reply, await documentView(request, doc));
    },
  );

  function docValues(doc: DocumentRow, themes: string[]): DocumentFormValues {
    return {
      title: parseLocalized(doc.title),
      summary: parseLocalized(doc.summary),
      origLocale: doc.orig_locale,
      docType: doc.doc_type,
      section: doc.section,
      themes,
      countryIso3: doc.country_iso3,
      institutionId: doc.institution_id,
      authors: doc.authors,
      publicationDate: doc.publication_date ?? '',
      keywords: doc.keywords,
      externalUrl: doc.external_url ?? '',
      access: doc.access,
      status: doc.status,
    };
  }

  formRoute(app, {
    url: '/:locale/documents/:id/edit',
    async load(request, reply) {
      const actor = formActor(request, reply);
      if (!actor) return null;
      const doc = await service.readable(actor, docId(request));
      if (!canEditDocument(actor, doc)) throw new ForbiddenError('document.update');
      return { actor, doc };
    },
    read: (request) => inputFromFields(request.body as Record<string, string | string[]>),
    async page(_request, { actor, doc }, failed) {
      const [setup, themes] = await Promise.all([formSetup(actor), repo.themesOf([doc.id])]);
      const saved = docValues(
        doc,
        themes.map((t) => t.code),
      );
      return (
        <DocumentFormPage
          mode="edit"
          action={`/documents/${doc.id}/edit`}
          values={failed ? valuesFrom(failed.values, saved) : saved}
          errors={failed?.errors}
          {...setup}
        />
      );
    },
    submit: ({ actor, doc }, input) => service.update(actor, doc.id, input),
    done: (request, reply, _done, { doc }) => redirectLocal(request, reply, `/documents/${doc.id}?saved=1`),
  });

  // A new version is sent from the document's page, which shows it again with the errors.
  formRoute(app, {
    url: '/:locale/documents/:id/files',
    get: false,
    load: (request) => ({ actor: requirePoster(request), id: docId(request) }),
    read: readUpload,
    page: async (request, { actor, id }, failed) =>
      documentView(request, await service.readable(actor, id), { versionErrors: failed?.errors }),
    submit: ({ actor, id }, { uploads, errors }) => service.addVersion(actor, id, uploads, errors),
    done: (request, reply, _done, { id }) => redirectLocal(request, reply, `/documents/${id}?version=1`),
  });

  app.post<{ Params: Params }>(
    '/:locale/documents/:id/delete',
    { schema: { hide: true } },
    async (request, reply) => {
      await service.remove(requirePoster(request), docId(request));
      return redirectLocal(request, reply, '/documents/manage?removed=1');
    },
  );

  app.post<{ Params: Params }>(
    '/:locale/documents/:id/restore',
    { schema: { hide: true } },
    async (request, reply) => {
      const actor = requirePoster(request);
      const id = docId(request);
      await service.restore(actor, id);
      return redirectLocal(request, reply, `/documents/${id}?restored=1`);
    },
  );

  app.get<{ Params: Params }>(
    '/:locale/documents/:id/files/:fileId',
    { schema: { hide: true } },
    async (request, reply) => {
      const doc = await service.readable(request.actor, docId(request));
      const fileId = intParam(request.params.fileId);
      const file = fileId ? await repo.fileById(fileId) : undefined;
      if (!file || file.document_id !== doc.id) throw new NotFoundError();
      if (!(await store.exists(file.sha256))) throw new NotFoundError();
      await repo.countDownload(file.id);
      const open = doc.access === 'public' && doc.status === 'published' && !doc.deleted_at;
      return reply
        .header('content-type', file.content_type)
        .header('content-disposition', attachmentDisposition(file.original_name, file.kind as FileKind))
        .header('content-length', String(file.size_bytes))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cache-control', open ? 'public, max-age=3600' : 'private, no-store')
        .send(store.open(file.sha256));
    },
  );
}

function ThemeDocuments({ items, code, total }: { items: ListedDocument[]; code: string; total: number }) {
  const { t } = useCtx();
  return (
    <section aria-labelledby="theme-documents">
      <h2 id="theme-documents">{t('documents.title')}</h2>
      <DocumentListing items={items} />
      {total > items.length && (
        <p>
          <Link href={`/documents?theme=${code}`}>{t('documents.theme.more', { count: total })}</Link>
        </p>
      )}
    </section>
  );
}

function CountryDocuments({ items, iso3, total }: { items: ListedDocument[]; iso3: string; total: number }) {
  const { t } = useCtx();
  return (
    <section aria-labelledby="country-documents">
      <h2 id="country-documents">{t('documents.title')}</h2>
      <DocumentListing items={items} />
      <p>
        <Link href={`/documents/countries/${iso3}`}>{t('documents.country.all', { count: total })}</Link>
      </p>
    </section>
  );
}
