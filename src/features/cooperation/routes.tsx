import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { ForbiddenError, isSecretariat } from '../../platform/auth/policy.ts';
import { HttpError, NotFoundError } from '../../platform/http/errors.ts';
import { type Failed, formRoute } from '../../platform/http/form-route.ts';
import { intParam, list, str } from '../../platform/http/form.ts';
import { loginRedirect } from '../../platform/http/guards.ts';
import { pageParam } from '../../platform/http/query.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import { type Localized, parseLocalized } from '../../platform/i18n/format.ts';
import { LOCALES } from '../../platform/i18n/locales.ts';
import { registerCountrySection } from '../countries/sections.ts';
import { cooperationApi } from './api.ts';
import { candidateOf, matchesFor, openCandidates, allMatches } from './matching.ts';
import {
  type CooperationItem,
  isStatus,
  itemPath,
  KIND_SEGMENT,
  KINDS,
  type Kind,
  PAGE_SIZE,
  splitLanguages,
} from './model.ts';
import {
  mayChangeStatus,
  mayCreate,
  mayEdit,
  mayExpressInterest,
  maySeeContact,
  maySeeInterests,
  mayWriteFor,
} from './policy.ts';
import { parseFilters } from './filters.ts';
import { cooperationRepository } from './repository.ts';
import { cooperationService, type ItemInput } from './service.ts';
import { ItemFormPage, type ItemFormValues } from './views/form.tsx';
import { ItemPage, type ItemPageProps } from './views/item.tsx';
import { RegistryPage, TablePage } from './views/registry.tsx';
import { CountryCooperation, ThemeCooperation } from './views/sections.tsx';
import type { ListedItem, ThemeOption } from './views/shared.tsx';
import { StatusFormPage, type StatusFormValues } from './views/status.tsx';

type Params = { locale: string; id?: string };

/** What the new/edit form sends. */
export function inputFromForm(body: unknown, kind: Kind): ItemInput {
  const title: Localized = {};
  const description: Localized = {};
  for (const l of LOCALES) {
    title[l] = str(body, `title_${l}`);
    // Markdown keeps its line breaks: read the raw value, not a trimmed single line.
    const raw = (body as Record<string, unknown> | undefined)?.[`description_${l}`];
    description[l] = typeof raw === 'string' ? raw : '';
  }
  const institution = str(body, 'institution_id');
  const country = str(body, 'country_iso3').toUpperCase();
  return {
    countryIso3: country || undefined,
    // Absent when the form had no institution to choose from: the service picks the default.
    institutionId:
      (body as Record<string, unknown> | undefined)?.institution_id === undefined
        ? undefined
        : institution
          ? (intParam(institution) ?? -1)
          : null,
    title,
    description,
    origLocale: str(body, 'orig_locale'),
    themes: list(body, 'themes'),
    modality: str(body, 'modality') || null,
    languages: list(body, 'languages'),
    otherLanguages: str(body, 'other_languages'),
    duration: kind === 'offer' ? str(body, 'duration') : null,
    timeframe: kind === 'request' ? str(body, 'timeframe') : null,
    costSharing: kind === 'offer' ? str(body, 'cost_sharing') || null : null,
    contactName: str(body, 'contact_name'),
    contactEmail: str(body, 'contact_email'),
  };
}

function rawText(body: unknown, name: string): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  return typeof v === 'string' ? v : '';
}

export async function cooperationRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const repo = cooperationRepository(deps.db);
  const service = cooperationService(deps);
  deps.nav.push({ label: 'cooperation.nav', href: '/cooperation', order: 60 });

  async function withThemes(items: CooperationItem[]): Promise<ListedItem[]> {
    const themes = await repo.themesOf(items.map((i) => i.id));
    return items.map((item) => ({ item, themes: themes.filter((th) => th.item_id === item.id) }));
  }

  async function themeMap(): Promise<Map<string, ThemeOption>> {
    return new Map((await repo.themes()).map((th) => [th.code, th]));
  }

  deps.sitemap.push({
    label: 'cooperation.title',
    href: '/cooperation',
    order: 60,
    async entries() {
      const items = await repo.all();
      return [
        { path: '/cooperation/table', titleKey: 'cooperation.table.title' },
        ...items.map((i) => ({
          path: itemPath(i),
          title: parseLocalized(i.title),
          origLocale: i.orig_locale,
          lastmod: i.updated_at,
        })),
      ];
    },
  });

  deps.themeSections.push({
    key: 'cooperation',
    order: 60,
    async load({ theme }) {
      const { rows, total } = await repo.list({ theme: theme.code }, 1, 10);
      if (total === 0) return null;
      return <ThemeCooperation code={theme.code} items={await withThemes(rows)} total={total} />;
    },
  });

  registerCountrySection({
    id: 'cooperation',
    order: 60,
    async load({ country }) {
      const [offers, requests] = await Promise.all([
        repo.list({ kind: 'offer', country: country.iso3 }, 1, 5),
        repo.list({ kind: 'request', country: country.iso3 }, 1, 5),
      ]);
      if (offers.total + requests.total === 0) return null;
      return (
        <CountryCooperation
          iso3={country.iso3}
          offers={await withThemes(offers.rows)}
          requests={await withThemes(requests.rows)}
          offerTotal={offers.total}
          requestTotal={requests.total}
        />
      );
    },
  });

  await app.register(cooperationApi, { deps, service, repo });

  app.get('/:locale/cooperation', { schema: { hide: true } }, async (request, reply) => {
    const filters = parseFilters(request.query);
    const page = pageParam(request.query);
    const [{ rows, total }, themes, countries, candidates] = await Promise.all([
      repo.list(filters, page, PAGE_SIZE),
      repo.themes(),
      repo.countries(),
      openCandidates(deps.db),
    ]);
    const q = request.query as Record<string, unknown>;
    return render(
      request,
      reply,
      <RegistryPage
        items={await withThemes(rows)}
        total={total}
        page={page}
        perPage={PAGE_SIZE}
        filters={filters}
        options={{ themes, countries }}
        matches={allMatches(candidates).slice(0, 10)}
        themes={new Map(themes.map((th) => [th.code, th]))}
        canCreate={mayCreate(request.actor)}
        notice={q?.withdrawn === '1' ? 'cooperation.notice.withdrawn' : null}
      />,
    );
  });

  app.get('/:locale/cooperation/table', { schema: { hide: true } }, async (request, reply) => {
    const status = str(request.query, 'status');
    const s = isStatus(status) ? status : null;
    const [counts, totals, themes] = await Promise.all([
      repo.tableCounts(s),
      repo.countryTotals(s),
      repo.themes(),
    ]);
    return render(request, reply, <TablePage counts={counts} totals={totals} themes={themes} status={s} />);
  });

  function blankValues(actor: Actor, request: FastifyRequest): ItemFormValues {
    return {
      countryIso3: isSecretariat(actor) ? '' : (actor.countryIso3 ?? ''),
      institutionId: isSecretariat(actor) || !actor.institutionId ? '' : String(actor.institutionId),
      title: {},
      description: {},
      origLocale: request.locale,
      themes: [],
      modality: '',
      languages: [request.locale],
      otherLanguages: '',
      duration: '',
      timeframe: '',
      costSharing: '',
      contactName: actor.name,
      contactEmail: actor.email,
    };
  }

  function valuesFromInput(input: ItemInput, base: ItemFormValues): ItemFormValues {
    return {
      countryIso3: input.countryIso3 ?? base.countryIso3,
      institutionId:
        input.institutionId === undefined
          ? base.institutionId
          : input.institutionId === null
            ? ''
            : String(input.institutionId),
      title: input.title ?? base.title,
      description: input.description ?? base.description,
      origLocale: input.origLocale ?? base.origLocale,
      themes: input.themes ?? base.themes,
      modality: input.modality ?? '',
      languages: input.languages ?? base.languages,
      otherLanguages: input.otherLanguages ?? '',
      duration: input.duration ?? '',
      timeframe: input.timeframe ?? '',
      costSharing: input.costSharing ?? '',
      contactName: input.contactName ?? base.contactName,
      contactEmail: input.contactEmail ?? base.contactEmail,
    };
  }

  function itemValues(item: CooperationItem, themes: string[]): ItemFormValues {
    return {
      countryIso3: item.country_iso3,
      institutionId: item.institution_id ? String(item.institution_id) : '',
      title: parseLocalized(item.title),
      description: parseLocalized(item.description),
      origLocale: item.orig_locale,
      themes,
      modality: item.modality ?? '',
      languages: splitLanguages(item.languages),
      otherLanguages: item.other_languages ?? '',
      duration: item.duration ?? '',
      timeframe: item.timeframe ?? '',
      costSharing: item.cost_sharing ?? '',
      contactName: item.contact_name,
      contactEmail: item.contact_email,
    };
  }

  async function formSetup(actor: Actor, country: string) {
    const [themes, countries, institutions] = await Promise.all([
      repo.themes(),
      isSecretariat(actor) ? repo.countries() : Promise.resolve(null),
      country ? repo.institutionsOf(country) : Promise.resolve([]),
    ]);
    return { themes, countries, institutions };
  }

  function itemId(request: { params: { id?: string } }): number {
    const id = intParam(request.params.id);
    if (!id) throw new NotFoundError();
    return id;
  }

  /** The signed-in person who posted a form or a button; a visitor (a session that expired) is refused. */
  function poster(request: FastifyRequest): Actor {
    if (!request.actor) throw new HttpError(403, 'error.unauthorized');
    return request.actor;
  }

  /** The signed-in person of a form: a visitor is sent to sign in from the page, and refused a post. */
  function formActor(request: FastifyRequest, reply: FastifyReply): Actor | null {
    if (request.method === 'POST') return poster(request);
    if (!request.actor) {
      void reply.redirect(loginRedirect(request), 303);
      return null;
    }
    return request.actor;
  }

  /**
   * The form of a new item (`item` null) or of an existing one: `start` (blank, or the item as
   * saved), or what was submitted with its errors.
   */
  async function itemForm(
    kind: Kind,
    actor: Actor,
    item: CooperationItem | null,
    start: ItemFormValues,
    failed?: Failed<ItemInput>,
  ) {
    const values = failed ? valuesFromInput(failed.values, start) : start;
    return (
      <ItemFormPage
        kind={kind}
        mode={item ? 'edit' : 'new'}
        action={item ? `${itemPath(item)}/edit` : `/cooperation/${KIND_SEGMENT[kind]}/new`}
        cancel={item ? itemPath(item) : '/cooperation'}
        values={values}
        errors={failed?.errors}
        {...(await formSetup(actor, values.countryIso3))}
      />
    );
  }

  async function itemView(
    request: FastifyRequest,
    item: CooperationItem,
    extra: Pick<ItemPageProps, 'interestErrors' | 'interestMessage'> = {},
  ) {
    const actor = request.actor;
    const [themes, institution, interests, history, themesByCode] = await Promise.all([
      repo.themesOf([item.id]),
      item.institution_id ? repo.institution(item.institution_id) : Promise.resolve(undefined),
      repo.interestsOf(item.id),
      repo.historyOf(item.id),
      themeMap(),
    ]);
    const matches =
      item.status === 'proposed' && !item.deleted_at
        ? matchesFor(await candidateOf(deps.db, item), await openCandidates(deps.db))
        : [];
    const visibleInterests = maySeeInterests(actor, item)
      ? interests
      : interests.filter((i) => actor?.countryIso3 && i.country_iso3 === actor.countryIso3);
    const q = request.query as Record<string, unknown>;
    const notice = (['created', 'saved', 'interest', 'status', 'restored'] as const).find(
      (k) => q?.[k] === '1',
    );
    return (
      <ItemPage
        item={item}
        themes={themes}
        institution={institution ?? null}
        matches={matches}
        themeMap={themesByCode}
        interests={visibleInterests}
        interestCount={interests.length}
        history={history}
        canEdit={mayEdit(actor, item)}
        canInterest={mayExpressInterest(actor, item)}
        canChangeStatus={mayChangeStatus(actor, item)}
        canRestore={!!item.deleted_at && isSecretariat(actor)}
        showContact={maySeeContact(actor)}
        notice={notice ? `cooperation.notice.${notice}` : null}
        {...extra}
      />
    );
  }

  for (const kind of KINDS) {
    const base = `/:locale/cooperation/${KIND_SEGMENT[kind]}`;
    const local = `/cooperation/${KIND_SEGMENT[kind]}`;

    formRoute(app, {
      url: `${base}/new`,
      load(request, reply) {
        const actor = formActor(request, reply);
        if (actor && !mayCreate(actor)) throw new ForbiddenError('cooperation.write');
        return actor;
      },
      read: (request) => inputFromForm(request.body, kind),
      page: (request, actor, failed) => itemForm(kind, actor, null, blankValues(actor, request), failed),
      submit: (actor, input) => service.create(actor, kind, input),
      done: (request, reply, id) => redirectLocal(request, reply, `${local}/${id}?created=1`),
    });

    app.get<{ Params: Params }>(`${base}/:id`, { schema: { hide: true } }, async (request, reply) =>
      render(
        request,
        reply,
        await itemView(request, await service.readable(request.actor, kind, itemId(request))),
      ),
    );

    formRoute(app, {
      url: `${base}/:id/edit`,
      async load(request, reply) {
        const actor = formActor(request, reply);
        if (!actor) return null;
        const item = await service.readable(actor, kind, itemId(request));
        // A submission is checked by the service (where a withdrawn item is not found).
        if (request.method !== 'POST' && !mayEdit(actor, item)) throw new ForbiddenError('cooperation.write');
        return { actor, item };
      },
      read(request) {
        const input = inputFromForm(request.body, kind);
        // Only the Secretariat moves an item to another country; the form has no such field for others.
        if (!isSecretariat(request.actor)) input.countryIso3 = undefined;
        return input;
      },
      async page(_request, { actor, item }, failed) {
        const themes = (await repo.themesOf([item.id])).map((th) => th.code);
        return itemForm(kind, actor, item, itemValues(item, themes), failed);
      },
      submit: ({ actor, item }, input) => service.update(actor, kind, item.id, input),
      done: (request, reply, _done, { item }) => redirectLocal(request, reply, `${itemPath(item)}?saved=1`),
    });

    // The form is on the item's page, which shows it again with its errors.
    formRoute(app, {
      url: `${base}/:id/interest`,
      get: false,
      load: (request) => ({ actor: poster(request), id: itemId(request) }),
      read: (request) => rawText(request.body, 'message'),
      page: async (request, { actor, id }, failed) =>
        itemView(request, await service.readable(actor, kind, id), {
          interestErrors: failed?.errors,
          interestMessage: failed?.values,
        }),
      submit: ({ actor, id }, message) => service.expressInterest(actor, kind, id, message),
      done: (request, reply, _done, { id }) =>
        redirectLocal(request, reply, `${local}/${id}?interest=1#coop-interest`),
    });

    async function statusable(actor: Actor, request: { params: { id?: string } }) {
      const item = await service.readable(actor, kind, itemId(request));
      if (!mayChangeStatus(actor, item)) {
        const party = mayWriteFor(actor, item.country_iso3) || mayWriteFor(actor, item.partner_country_iso3);
        if (party && (item.status === 'completed' || item.status === 'cancelled'))
          throw new HttpError(409, 'cooperation.error.finished');
        throw new ForbiddenError('cooperation.write');
      }
      const interested = (await repo.interestsOf(item.id)).map((i) => i.country_iso3);
      return { actor, item, interested };
    }

    formRoute(app, {
      url: `${base}/:id/status`,
      async load(request, reply) {
        const actor = formActor(request, reply);
        return actor ? statusable(actor, request) : null;
      },
      read: (request): StatusFormValues => ({
        status: str(request.body, 'status'),
        partnerCountry: str(request.body, 'partner_country_iso3'),
        note: rawText(request.body, 'note'),
        outcomeLocale: str(request.body, 'outcome_locale') || request.locale,
        results: rawText(request.body, 'outcome_results'),
        participants: rawText(request.body, 'outcome_participants'),
        lessons: rawText(request.body, 'outcome_lessons'),
      }),
      page: (request, { item, interested }, failed) => (
        <StatusFormPage
          item={item}
          interested={interested}
          values={
            failed?.values ?? {
              status: '',
              partnerCountry: '',
              note: '',
              outcomeLocale: request.locale,
              results: '',
              participants: '',
              lessons: '',
            }
          }
          errors={failed?.errors}
        />
      ),
      submit: ({ actor, item }, values) =>
        service.changeStatus(actor, kind, item.id, {
          status: values.status,
          partnerCountry: values.partnerCountry || null,
          note: values.note,
          outcome: {
            locale: values.outcomeLocale,
            results: values.results,
            participants: values.participants,
            lessons: values.lessons,
          },
        }),
      done: (request, reply, _done, { item }) => redirectLocal(request, reply, `${itemPath(item)}?status=1`),
    });

    app.post<{ Params: Params }>(
      `${base}/:id/withdraw`,
      { schema: { hide: true } },
      async (request, reply) => {
        await service.withdraw(poster(request), kind, itemId(request));
        return redirectLocal(request, reply, '/cooperation?withdrawn=1');
      },
    );

    app.post<{ Params: Params }>(
      `${base}/:id/restore`,
      { schema: { hide: true } },
      async (request, reply) => {
        const actor = poster(request);
        const id = itemId(request);
        await service.restore(actor, kind, id);
        return redirectLocal(request, reply, `${local}/${id}?restored=1`);
      },
    );
  }
}
