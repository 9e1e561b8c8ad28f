import type { VNode } from 'preact';
import type { Institution } from '../../../db/schema.ts';
import { can } from '../../../platform/auth/policy.ts';
import { countryName, formatDate, formatNumber } from '../../../platform/i18n/format.ts';
import { Button, Form, Link, Notice } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { CoordinatorTermRow, CountryRow } from '../repository.ts';
import { PublishBadge, StatusBadge } from './parts.tsx';

export type CountryNotice =
  | 'created'
  | 'saved'
  | 'removed'
  | 'restored'
  | 'designated'
  | 'invited'
  | 'status';

export interface CountryPageProps {
  country: CountryRow;
  institutions: Institution[];
  removed: Institution[];
  history: CoordinatorTermRow[];
  /** Sections other features add (see sections.ts), in page order. */
  sections: { id: string; order: number; node: VNode }[];
  notice?: CountryNotice;
}

export function CountryPage(props: CountryPageProps) {
  const { t, locale, actor } = useCtx();
  const { country } = props;
  const name = countryName(country.iso3, locale);
  const subject = { countryIso3: country.iso3 };
  const canCreate = can(actor, 'institution.create', subject);
  const canEdit = can(actor, 'institution.update', subject);
  const canRemove = can(actor, 'institution.delete', subject);
  const canRestore = can(actor, 'institution.restore', subject);
  const canDesignate = can(actor, 'coordinator.designate', subject);
  const canStatus = can(actor, 'country.update', subject);
  const canPeople = can(actor, 'user.list', subject);
  const before = props.sections.filter((s) => s.order < 100);
  const after = props.sections.filter((s) => s.order >= 100);
  const base = `/countries/${country.iso3}`;

  return (
    <Layout title={name} help="/help/coordinator-manual-country-profile">
      {props.notice && <Notice>{t(`countries.notice.${props.notice}`)}</Notice>}
      <h1>{name}</h1>
      <dl class="country-facts">
        <div>
          <dt>{t('countries.field.isoCodes')}</dt>
          <dd>
            <code>{country.iso3}</code> / <code>{country.iso2}</code>
          </dd>
        </div>
        <div>
          <dt>{t('countries.field.status')}</dt>
          <dd>
            <StatusBadge status={country.status} />
            {canStatus && (
              <>
                {' '}
                <Link href={`${base}/status`}>{t('countries.status.change')}</Link>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('countries.field.coordinator')}</dt>
          <dd>
            {country.coordinator_name ? (
              <>
                {country.coordinator_name}
                {actor && country.coordinator_email && (
                  <>
                    {' '}
                    (<a href={`mailto:${country.coordinator_email}`}>{country.coordinator_email}</a>)
                  </>
                )}
              </>
            ) : (
              <span class="meta">{t('countries.noCoordinator')}</span>
            )}
            {canDesignate && (
              <>
                {' '}
                <Link href={`${base}/coordinator`}>{t('countries.designate.link')}</Link>
              </>
            )}
          </dd>
        </div>
      </dl>
      {canPeople && (
        <p>
          <Link href={`${base}/people`}>{t('countries.people', { country: name })}</Link>
        </p>
      )}

      <section id="institutions" aria-labelledby="institutions-title">
        <h2 id="institutions-title">{t('countries.institutions.title')}</h2>
        <p class="meta">{t('countries.institutions.explain')}</p>
        {canCreate && (
          <p>
            <Link href={`${base}/institutions/new`} class="button button--secondary">
              {t('countries.institution.new')}
            </Link>
          </p>
        )}
        {props.institutions.length === 0 ? (
          <p>{t('countries.institutions.none')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">
                {t('countries.institutions.caption', { country: name })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('countries.institution.name')}</th>
                  <th scope="col">{t('countries.institution.website')}</th>
                  <th scope="col">{t('countries.institution.publishing')}</th>
                  {(canEdit || canRemove) && <th scope="col">{t('countries.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {props.institutions.map((inst) => (
                  <tr key={inst.id}>
                    <th scope="row">
                      {inst.name}
                      {inst.acronym && <> ({inst.acronym})</>}
                    </th>
                    <td>{inst.website ? <a href={inst.website}>{displayUrl(inst.website)}</a> : '—'}</td>
                    <td>
                      <PublishBadge canPublish={inst.can_publish === 1} />
                    </td>
                    {(canEdit || canRemove) && (
                      <td class="row-actions">
                        {canEdit && (
                          <Link href={`${base}/institutions/${inst.id}/edit`}>
                            {t('countries.edit')}
                            <span class="visually-hidden"> {inst.name}</span>
                          </Link>
                        )}{' '}
                        {canRemove && (
                          <Link href={`${base}/institutions/${inst.id}/delete`}>
                            {t('countries.remove')}
                            <span class="visually-hidden"> {inst.name}</span>
                          </Link>
                        )}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {canRestore && props.removed.length > 0 && (
        <section id="removed-institutions" aria-labelledby="removed-title">
          <h2 id="removed-title">{t('countries.institutions.removedTitle')}</h2>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('countries.institution.name')}</th>
                  <th scope="col">{t('countries.institutions.removedOn')}</th>
                  <th scope="col">{t('countries.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {props.removed.map((inst) => (
                  <tr key={inst.id}>
                    <th scope="row">
                      {inst.name}
                      {inst.acronym && <> ({inst.acronym})</>}
                    </th>
                    <td>
                      <time dateTime={inst.deleted_at!}>{formatDate(inst.deleted_at!, locale)}</time>
                    </td>
                    <td>
                      <Form action={`${base}/institutions/${inst.id}/restore`} class="inline-form">
                        <Button variant="secondary">
                          {t('countries.restore')}
                          <span class="visually-hidden"> {inst.name}</span>
                        </Button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {before.map((s) => (
        <div key={s.id} class="country-section" data-section={s.id}>
          {s.node}
        </div>
      ))}

      <section id="coordinators" aria-labelledby="coordinators-title">
        <h2 id="coordinators-title">{t('countries.history.title')}</h2>
        {props.history.length === 0 ? (
          <p>{t('countries.history.none')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">
                {t('countries.history.caption', {
                  country: name,
                  count: formatNumber(props.history.length, locale),
                })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('countries.history.name')}</th>
                  <th scope="col">{t('countries.history.from')}</th>
                  <th scope="col">{t('countries.history.to')}</th>
                </tr>
              </thead>
              <tbody>
                {props.history.map((term) => (
                  <tr key={term.id}>
                    <th scope="row">{term.user_name}</th>
                    <td>
                      <time dateTime={term.started_at}>{formatDate(term.started_at, locale)}</time>
                    </td>
                    <td>
                      {term.ended_at ? (
                        <time dateTime={term.ended_at}>{formatDate(term.ended_at, locale)}</time>
                      ) : (
                        <span class="badge badge--ok">{t('countries.history.current')}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {after.map((s) => (
        <div key={s.id} class="country-section" data-section={s.id}>
          {s.node}
        </div>
      ))}

      <p>
        <Link href="/countries">{t('countries.backToList')}</Link>
      </p>
    </Layout>
  );
}

function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.host + (u.pathname === '/' ? '' : u.pathname);
  } catch {
    return url;
  }
}
