import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { type Action, can, ForbiddenError } from '../../platform/auth/policy.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { bool, intParam, optStr, str } from '../../platform/http/form.ts';
import { loginRedirect } from '../../platform/http/guards.ts';
import { redirectLocal, render } from '../../platform/http/render.tsx';
import { countryApi } from './api.ts';
import type { CountryRow } from './repository.ts';
import { loadCountrySections } from './sections.ts';
import {
  candidateCoordinators,
  coordinatorHistory,
  createInstitution,
  deleteInstitution,
  designateCoordinator,
  getCountry,
  getInstitution,
  type InstitutionInput,
  listCountries,
  listInstitutions,
  restoreInstitution,
  updateCountryStatus,
  updateInstitution,
} from './service.ts';
import { CountriesPage } from './views/countries-list.tsx';
import { type CountryNotice, CountryPage } from './views/country-page.tsx';
import { DesignatePage } from './views/designate.tsx';
import { InstitutionDeletePage, InstitutionFormPage } from './views/institution-form.tsx';
import { StatusFormPage } from './views/status-form.tsx';

type Params = { locale: string; iso3: string; id?: string };
const NOTICES: CountryNotice[] = [
  'created',
  'saved',
  'removed',
  'restored',
  'designated',
  'invited',
  'status',
];

function institutionInput(body: unknown): InstitutionInput {
  return {
    name: str(body, 'name'),
    acronym: optStr(body, 'acronym'),
    website: optStr(body, 'website'),
    canPublish: bool(body, 'can_publish'),
  };
}

export async function countriesRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  deps.nav.push({ label: 'countries.nav', href: '/countries', order: 60 });
  await app.register(countryApi, { deps });

  /** Pages behind a permission: anonymous visitors sign in first; others without the right get 403. */
  function gate(
    request: FastifyRequest,
    reply: FastifyReply,
    action: Action,
    countryIso3: string,
  ): Actor | null {
    const actor = request.actor;
    if (!actor) {
      reply.redirect(loginRedirect(request), 303);
      return null;
    }
    if (!can(actor, action, { countryIso3 })) throw new ForbiddenError(action);
    return actor;
  }

  async function countryFromParams(request: FastifyRequest<{ Params: Params }>): Promise<CountryRow> {
    return getCountry(deps, request.params.iso3);
  }

  function institutionId(request: FastifyRequest<{ Params: Params }>): number {
    const id = intParam(request.params.id);
    if (id === null) throw new NotFoundError();
    return id;
  }

  const meta = (request: FastifyRequest) => ({ requestId: request.id });

  app.get('/:locale/countries', { schema: { hide: true } }, async (request, reply) => {
    const countries = await listCountries(deps, request.locale);
    return render(request, reply, <CountriesPage countries={countries} />);
  });

  app.get<{ Params: Params; Querystring: Record<string, string> }>(
    '/:locale/countries/:iso3',
    { schema: { hide: true } },
    async (request, reply) => {
      const country = await countryFromParams(request);
      if (request.params.iso3 !== country.iso3)
        return reply.redirect(`/${request.locale}/countries/${country.iso3}`, 301);
      const actor = request.actor;
      const [institutions, removed, history, sections] = await Promise.all([
        listInstitutions(deps, country.iso3),
        can(actor, 'institution.restore', { countryIso3: country.iso3 })
          ? listInstitutions(deps, country.iso3, { deleted: true })
          : Promise.resolve([]),
        coordinatorHistory(deps, country.iso3),
        loadCountrySections({ deps, country, actor, locale: request.locale }),
      ]);
      const q = request.query.notice as CountryNotice | undefined;
      const notice = q && NOTICES.includes(q) ? q : undefined;
      return render(
        request,
        reply,
        <CountryPage
          country={country}
          institutions={institutions}
          removed={removed}
          history={history}
          sections={sections}
          notice={notice}
        />,
      );
    },
  );

  // Institutions

  app.get<{ Params: Params }>(
    '/:locale/countries/:iso3/institutions/new',
    { schema: { hide: true } },
    async (request, reply) => {
      const country = await countryFromParams(request);
      if (!gate(request, reply, 'institution.create', country.iso3)) return reply;
      return render(
        request,
        reply,
        <InstitutionFormPage
          iso3={country.iso3}
          values={{ name: '', acronym: null, website: null, canPublish: false }}
        />,
      );
    },
  );

  app.post<{ Params: Params }>(
    '/:locale/countries/:iso3/institutions',
    { schema: { hide: true } },
    async (request, reply) => {
      const country = await countryFromParams(request);
      if (!gate(request, reply, 'institution.create', country.iso3)) return reply;
      const input = institutionInput(request.body);
      try {
        await createInstitution(deps, request.actor!, country.iso3, input, meta(request));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return render(
          request,
          reply,
          <InstitutionFormPage iso3={country.iso3} values={input} errors={err.errors} />,
          422,
        );
      }
      return redirectLocal(request, reply, `/countries/${country.iso3}?notice=created`);
    },
  );

  app.get<{ Params: Params }>(
    '/:locale/countries/:iso3/institutions/:id/edit',
    { schema: { hide: true } },
    async (request, reply) => {
      const country = await countryFromParams(request);
      const inst = await getInstitution(deps, institutionId(request));
      if (inst.country_iso3 !== country.iso3) throw new NotFoundError();
      if (!gate(request, reply, 'institution.update', country.iso3)) return reply;
      return render(
        request,
        reply,
        <InstitutionFormPage
          iso3={country.iso3}
          id={inst.id}
          values={{
            name: inst.name,
            acronym: inst.acronym,
            website: inst.website,
            canPublish: inst.can_publish === 1,
          }}
        />,
      );
    },
  );

  app.post<{ Params: Params }>(
    '/:locale/countries/:iso3/institutions/:id',
    { schema: { hide: true } },
    async (request, reply) => {
      const id = institutionId(request);
      if (!request.actor) return reply.redirect(loginRedirect(request), 303);
      const input = institutionInput(request.body);
      let iso3: string;
      try {
        // The service checks the institution's own country, whatever the URL says.
        iso3 = (await updateInstitution(deps, request.actor, id, input, meta(request))).country_iso3;
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const inst = await getInstitution(deps, id);
        return render(
          request,
          reply,
          <InstitutionFormPage iso3={inst.country_iso3} id={id} values={input} errors={err.errors} />,
          422,
        );
      }
      return redirectLocal(request, reply, `/countries/${iso3}?notice=saved`);
    },
  );

  app.get<{ Params: Params }>(
    '/:locale/countries/:iso3/institutions/:id/delete',
    { schema: { hide: true } },
    async (request, reply) => {
      const country = await countryFromParams(request);
      const inst = await getInstitution(deps, institutionId(request));
      if (inst.country_iso3 !== country.iso3) throw new NotFoundError();
      if (!gate(request, reply, 'institution.delete', country.iso3)) return reply;
      return render(
        request,
        reply,
        <InstitutionDeletePage iso3={country.iso3} id={inst.id} name={inst.name} />,
      );
    },
  );

  app.post<{ Params: Params }>(
    '/:locale/countries/:iso3/institutions/:id/delete',
    { schema: { hide: true } },
    async (request, reply) => {
      const id = institutionId(request);
      if (!request.actor) return reply.redirect(loginRedirect(request), 303);
      const inst = await deleteInstitution(deps, request.actor, id, meta(request));
      return redirectLocal(request, reply, `/countries/${inst.country_iso3}?notice=removed`);
    },
  );

  app.post<{ Params: Params }>(
    '/:locale/countries/:iso3/institutions/:id/restore',
    { schema: { hide: true } },
    async (request, reply) => {
      const id = institutionId(request);
      if (!request.actor) return reply.redirect(loginRedirect(request), 303);
      const inst = await restoreInstitution(deps, request.actor, id, meta(request));
      return redirectLocal(request, reply, `/countries/${inst.country_iso3}?notice=restored`);
    },
  );

  // Membership status

  app.get<{ Params: Params }>(
    '/:locale/countries/:iso3/status',
    { schema: { hide: true } },
    async (request, reply) => {
      const country = await countryFromParams(request);
      if (!gate(request, reply, 'country.update', country.iso3)) return reply;
      return render(request, reply, <StatusFormPage iso3={country.iso3} status={country.status} />);
    },
  );

  app.post<{ Params: Params }>(
    '/:locale/countries/:iso3/status',
    { schema: { hide: true } },
    async (request, reply) => {
      const country = await countryFromParams(request);
      if (!gate(request, reply, 'country.update', country.iso3)) return reply;
      const status = str(request.body, 'status');
      try {
        await updateCountryStatus(deps, request.actor!, country.iso3, status, meta(request));
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        return render(
          request,
          reply,
          <StatusFormPage iso3={country.iso3} status={status} errors={err.errors} />,
          422,
        );
      }
      return redirectLocal(request, reply, `/countries/${country.iso3}?notice=status`);
    },
  );

  // Designation of the National Coordinator

  app.get<{ Params: Params }>(
    '/:locale/countries/:iso3/coordinator',
    { schema: { hide: true } },
    async (request, reply) => {
      const country = await countryFromParams(request);
      if (!gate(request, reply, 'coordinator.designate', country.iso3)) return reply;
      const candidates = await candidateCoordinators(deps, country.iso3);
      return render(request, reply, <DesignatePage country={country} candidates={candidates} values={{}} />);
    },
  );

  app.post<{ Params: Params }>(
    '/:locale/countries/:iso3/coordinator',
    { schema: { hide: true } },
    async (request, reply) => {
      const country = await countryFromParams(request);
      if (!gate(request, reply, 'coordinator.designate', country.iso3)) return reply;
      const body = request.body;
      const invite = str(body, 'mode') === 'invite';
      const values = {
        userId: str(body, 'userId'),
        name: str(body, 'name'),
        email: str(body, 'email'),
        locale: str(body, 'locale'),
      };
      let invited = false;
      try {
        if (invite) {
          invited = (
            await designateCoordinator(
              deps,
              request.actor!,
              country.iso3,
              { name: values.name, email: values.email, locale: values.locale },
              meta(request),
            )
          ).invited;
        } else {
          const userId = intParam(values.userId);
          if (userId === null)
            throw new ValidationError([{ field: 'userId', key: 'countries.designate.error.choose' }]);
          await designateCoordinator(deps, request.actor!, country.iso3, { userId }, meta(request));
        }
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const candidates = await candidateCoordinators(deps, country.iso3);
        return render(
          request,
          reply,
          <DesignatePage country={country} candidates={candidates} values={values} errors={err.errors} />,
          422,
        );
      }
      return redirectLocal(
        request,
        reply,
        `/countries/${country.iso3}?notice=${invited ? 'invited' : 'designated'}`,
      );
    },
  );
}
