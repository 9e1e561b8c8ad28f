import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { ForbiddenError, isSecretariat } from '../../platform/auth/policy.ts';
import { HttpError, NotFoundError, ValidationError } from '../../platform/http/errors.ts';
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

  function itemId(request: FastifyRequest<{ Params: Params }>): number {
    const id = intParam(request.params.id);
    if (!id) throw new NotFoundError();
    return id;
  }

  async function itemPage(
    request: FastifyRequest<{ Params: Params }>,
    reply: FastifyReply,
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
    return render(
      request,
      reply,
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
      />,
      extra.interestErrors ? 422 : 200,
    );
  }

  for (const kind of KINDS) {
    const base = `/:locale/cooperation/${KIND_SEGMENT[kind]}`;
    const local = `/cooperation/${KIND_SEGMENT[kind]}`;

    app.get<{ Params: Params }>(`${base}/new`, { schema: { hide: true } }, async (request, reply) => {
      const actor = request.actor;
      if (!actor) return reply.redirect(loginRedirect(request), 303);
      if (!mayCreate(actor)) throw new ForbiddenError('cooperation.write');
      const values = blankValues(actor, request);
      return render(
        request,
        reply,
        <ItemFormPage
          kind={kind}
          mode="new"
          action={`${local}/new`}
          cancel="/cooperation"
          values={values}
          {...(await formSetup(actor, values.countryIso3))}
        />,
      );
    });

    app.post<{ Params: Params }>(`${base}/new`, { schema: { hide: true } }, async (request, reply) => {
      const actor = request.actor;
      if (!actor) throw new HttpError(403, 'error.unauthorized');
      const input = inputFromForm(request.body, kind);
      try {
        const id = await service.create(actor, kind, input);
        return redirectLocal(request, reply, `${local}/${id}?created=1`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const values = valuesFromInput(input, blankValues(actor, request));
        return render(
          request,
          reply,
          <ItemFormPage
            kind={kind}
            mode="new"
            action={`${local}/new`}
            cancel="/cooperation"
            values={values}
            errors={err.errors}
            {...(await formSetup(actor, values.countryIso3))}
          />,
          422,
        );
      }
    });

    app.get<{ Params: Params }>(`${base}/:id`, { schema: { hide: true } }, async (request, reply) =>
      itemPage(request, reply, await service.readable(request.actor, kind, itemId(request))),
    );

    async function editable(request: FastifyRequest<{ Params: Params }>) {
      const actor = request.actor;
      if (!actor) return null;
      const item = await service.readable(actor, kind, itemId(request));
      if (!mayEdit(actor, item)) throw new ForbiddenError('cooperation.write');
      return { actor, item };
    }

    app.get<{ Params: Params }>(`${base}/:id/edit`, { schema: { hide: true } }, async (request, reply) => {
      const r = await editable(request);
      if (!r) return reply.redirect(loginRedirect(request), 303);
      const themes = (await repo.themesOf([r.item.id])).map((th) => th.code);
      return render(
        request,
        reply,
        <ItemFormPage
          kind={kind}
          mode="edit"
          action={`${itemPath(r.item)}/edit`}
          cancel={itemPath(r.item)}
          values={itemValues(r.item, themes)}
          {...(await formSetup(r.actor, r.item.country_iso3))}
        />,
      );
    });

    app.post<{ Params: Params }>(`${base}/:id/edit`, { schema: { hide: true } }, async (request, reply) => {
      const actor = request.actor;
      if (!actor) throw new HttpError(403, 'error.unauthorized');
      const item = await service.readable(actor, kind, itemId(request));
      const input = inputFromForm(request.body, kind);
      // Only the Secretariat moves an item to another country; the form has no such field for others.
      if (!isSecretariat(actor)) input.countryIso3 = undefined;
      try {
        await service.update(actor, kind, item.id, input);
        return redirectLocal(request, reply, `${itemPath(item)}?saved=1`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const themes = (await repo.themesOf([item.id])).map((th) => th.code);
        const values = valuesFromInput(input, itemValues(item, themes));
        return render(
          request,
          reply,
          <ItemFormPage
            kind={kind}
            mode="edit"
            action={`${itemPath(item)}/edit`}
            cancel={itemPath(item)}
            values={values}
            errors={err.errors}
            {...(await formSetup(actor, values.countryIso3))}
          />,
          422,
        );
      }
    });

    app.post<{ Params: Params }>(
      `${base}/:id/interest`,
      { schema: { hide: true } },
      async (request, reply) => {
        const actor = request.actor;
        if (!actor) throw new HttpError(403, 'error.unauthorized');
        const id = itemId(request);
        const message = rawText(request.body, 'message');
        try {
          await service.expressInterest(actor, kind, id, message);
          return redirectLocal(request, reply, `${local}/${id}?interest=1#coop-interest`);
        } catch (err) {
          if (!(err instanceof ValidationError)) throw err;
          const item = await service.readable(actor, kind, id);
          return itemPage(request, reply, item, { interestErrors: err.errors, interestMessage: message });
        }
      },
    );

    async function statusable(request: FastifyRequest<{ Params: Params }>) {
      const actor = request.actor;
      if (!actor) return null;
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

    app.get<{ Params: Params }>(`${base}/:id/status`, { schema: { hide: true } }, async (request, reply) => {
      const r = await statusable(request);
      if (!r) return reply.redirect(loginRedirect(request), 303);
      const values: StatusFormValues = {
        status: '',
        partnerCountry: '',
        note: '',
        outcomeLocale: request.locale,
        results: '',
        participants: '',
        lessons: '',
      };
      return render(
        request,
        reply,
        <StatusFormPage item={r.item} interested={r.interested} values={values} />,
      );
    });

    app.post<{ Params: Params }>(`${base}/:id/status`, { schema: { hide: true } }, async (request, reply) => {
      if (!request.actor) throw new HttpError(403, 'error.unauthorized');
      const r = (await statusable(request))!;
      const b = request.body;
      const values: StatusFormValues = {
        status: str(b, 'status'),
        partnerCountry: str(b, 'partner_country_iso3'),
        note: rawText(b, 'note'),
        outcomeLocale: str(b, 'outcome_locale') || request.locale,
        results: rawText(b, 'outcome_results'),
        participants: rawText(b, 'outcome_participants'),
        lessons: rawText(b, 'outcome_lessons'),
      };
      try {
        await service.changeStatus(r.actor, kind, r.item.id, {
          status: values.status,
          partnerCountry: values.partnerCountry || null,
          note: values.note,
          outcome: {
            locale: values.outcomeLocale,
            results: values.results,
            participants: values.participants,
            lessons: values.lessons,
          },
        });
        return redirectLocal(request, reply, `${itemPath(r.item)}?status=1`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return render(
          request,
          reply,
          <StatusFormPage item={r.item} interested={r.interested} values={values} errors={err.errors} />,
          422,
        );
      }
    });

    app.post<{ Params: Params }>(
      `${base}/:id/withdraw`,
      { schema: { hide: true } },
      async (request, reply) => {
        const actor = request.actor;
        if (!actor) throw new HttpError(403, 'error.unauthorized');
        await service.withdraw(actor, kind, itemId(request));
        return redirectLocal(request, reply, '/cooperation?withdrawn=1');
      },
    );

    app.post<{ Params: Params }>(
      `${base}/:id/restore`,
      { schema: { hide: true } },
      async (request, reply) => {
        const actor = request.actor;
        if (!actor) throw new HttpError(403, 'error.unauthorized');
        const id = itemId(request);
        await service.restore(actor, kind, id);
        return redirectLocal(request, reply, `${local}/${id}?restored=1`);
      },
    );
  }
}
