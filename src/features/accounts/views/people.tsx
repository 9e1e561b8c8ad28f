import { LanguageSelect } from '../../../views/localized-fields.tsx';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName } from '../../../platform/i18n/format.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { can } from '../../../platform/auth/policy.ts';
import {
  Button,
  ErrorSummary,
  Form,
  Notice,
  Pagination,
  Select,
  TextField,
} from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { CountryPeople } from '../service.ts';

export type PeopleNotice = 'invited' | 'resent' | 'disabled' | 'restored';

const STATUS_BADGE = { active: 'badge--ok', invited: 'badge--warn', disabled: 'badge--error' } as const;

export function PeoplePage(props: {
  iso3: string;
  data: CountryPeople;
  notice?: PeopleNotice | null;
  errors?: FieldError[];
  values?: Record<string, string>;
}) {
  const { t, locale, actor } = useCtx();
  const { iso3, data } = props;
  const country = countryName(iso3, locale);
  const base = `/countries/${iso3}/people`;
  const tz = actor?.timezone ?? 'UTC';
  const canInvite = can(actor, 'user.invite', { countryIso3: iso3, role: 'editor' });
  const canDisable = can(actor, 'user.disable', { countryIso3: iso3 });
  const canRestore = can(actor, 'user.restore', { countryIso3: iso3 });
  const v = props.values ?? {};

  return (
    <Layout
      title={t('accounts.people.title', { country })}
      help="/help/coordinator-manual-institutions-and-editors"
      hasErrors={!!props.errors?.length}
    >
      <h1>{t('accounts.people.title', { country })}</h1>
      {props.notice && <Notice>{t(`accounts.people.notice.${props.notice}`)}</Notice>}
      <p class="meta">{t('accounts.people.count', { count: data.total })}</p>

      {data.rows.length === 0 ? (
        <p>{t('accounts.people.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="people-table">
            <caption class="visually-hidden">{t('accounts.people.title', { country })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('accounts.field.name')}</th>
                <th scope="col">{t('accounts.field.role')}</th>
                <th scope="col">{t('accounts.field.institution')}</th>
                <th scope="col">{t('accounts.people.status')}</th>
                <th scope="col">{t('accounts.people.lastLogin')}</th>
                <th scope="col">
                  <span class="visually-hidden">{t('accounts.tokens.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((p) => (
                <tr key={p.id}>
                  <td>
                    {p.name}
                    <br />
                    <span class="meta">{p.email}</span>
                  </td>
                  <td>{t(`accounts.role.${p.role}`)}</td>
                  <td>
                    {p.institution_name
                      ? `${p.institution_name}${p.institution_acronym ? ` (${p.institution_acronym})` : ''}`
                      : '—'}
                  </td>
                  <td>
                    <span class={`badge ${STATUS_BADGE[p.status]}`}>{t(`accounts.status.${p.status}`)}</span>
                  </td>
                  <td>
                    {p.last_login_at
                      ? formatDateTime(p.last_login_at, locale, tz)
                      : t('accounts.people.neverSignedIn')}
                  </td>
                  <td class="row-actions">
                    {p.status === 'invited' && canInvite && (
                      <Form action={`${base}/${p.id}/resend`} class="inline-form">
                        <button type="submit" class="link-button">
                          {t('accounts.people.resend')}
                          <span class="visually-hidden"> {p.name}</span>
                        </button>
                      </Form>
                    )}
                    {p.status !== 'disabled' &&
                      canDisable &&
                      p.id !== actor?.id &&
                      (actor?.role === 'secretariat' || p.role === 'editor' || p.role === 'reader') && (
                        <Form action={`${base}/${p.id}/disable`} class="inline-form">
                          <button type="submit" class="link-button link-button--danger">
                            {t('accounts.people.disable')}
                            <span class="visually-hidden"> {p.name}</span>
                          </button>
                        </Form>
                      )}
                    {p.status === 'disabled' && canRestore && (
                      <Form action={`${base}/${p.id}/restore`} class="inline-form">
                        <button type="submit" class="link-button">
                          {t('accounts.people.restore')}
                          <span class="visually-hidden"> {p.name}</span>
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={data.page} pages={data.pages} base={base} />

      {canInvite && (
        <section aria-labelledby="invite-title" class="card invite-card">
          <h2 id="invite-title">{t('accounts.invite.title')}</h2>
          <p>{t('accounts.invite.lead', { days: 7 })}</p>
          <ErrorSummary errors={props.errors} />
          <Form action={base}>
            <TextField
              name="name"
              label={t('accounts.field.name')}
              value={v.name}
              autocomplete="off"
              errors={props.errors}
            />
            <TextField
              name="email"
              type="email"
              label={t('accounts.field.email')}
              value={v.email}
              autocomplete="off"
              errors={props.errors}
            />
            <Select
              name="role"
              label={t('accounts.field.role')}
              value={v.role ?? 'editor'}
              options={(['editor', 'reader'] as const).map((r) => ({
                value: r,
                label: t(`accounts.role.${r}`),
              }))}
              errors={props.errors}
            />
            <Select
              name="institutionId"
              label={t('accounts.field.institution')}
              hint={t('accounts.invite.institutionHint')}
              value={v.institutionId ?? ''}
              empty={t('accounts.invite.noInstitution')}
              options={data.institutions.map((i) => ({
                value: String(i.id),
                label: i.acronym ? `${i.name} (${i.acronym})` : i.name,
              }))}
              errors={props.errors}
            />
            <LanguageSelect
              name="locale"
              label={t('accounts.invite.language')}
              hint={t('accounts.invite.languageHint')}
              value={v.locale ?? locale}
              errors={props.errors}
            />
            <Button>{t('accounts.invite.submit')}</Button>
          </Form>
        </section>
      )}
    </Layout>
  );
}
