import { LanguageSelect } from '../../../views/localized-fields.tsx';
import type { User } from '../../../db/schema.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import { countryName } from '../../../platform/i18n/format.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { Button, ErrorSummary, Form, Link, Notice, TextField } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import { type ApiTokenInfo, requiresTwoFactor, type TotpSetup } from '../service.ts';
import { TotpSetupForm } from './sign-in.tsx';

export type AccountSection = 'profile' | 'password' | 'twoFactor' | 'tokens';
export type AccountNotice = 'profile' | 'password' | 'twoFactorOff' | 'tokenRevoked' | 'welcome' | 'fewCodes';

export interface AccountPageProps {
  user: User;
  institution: string | null;
  tokens: ApiTokenInfo[];
  recoveryCodesLeft: number;
  notice?: AccountNotice | null;
  /** The form that failed, its errors and what was typed. */
  failed?: { section: AccountSection; errors: FieldError[]; values: Record<string, string> };
}

export function AccountPage(props: AccountPageProps) {
  const { t, locale, actor } = useCtx();
  const { user, failed } = props;
  const errorsFor = (s: AccountSection) => (failed?.section === s ? failed.errors : undefined);
  const value = (s: AccountSection, name: string, fallback: string) =>
    failed?.section === s && failed.values[name] !== undefined ? failed.values[name] : fallback;
  const tz = actor?.timezone ?? 'UTC';
  const when = (iso: string | null) => (iso ? formatDateTime(iso, locale, tz) : t('accounts.tokens.never'));

  return (
    <Layout
      title={t('accounts.profile.title')}
      help="/help/user-manual-access"
      hasErrors={!!failed?.errors.length}
    >
      <h1>{t('accounts.profile.title')}</h1>
      {props.notice && (
        <Notice kind={props.notice === 'fewCodes' ? 'warning' : 'success'}>
          {t(`accounts.profile.notice.${props.notice}`)}
        </Notice>
      )}
      <ErrorSummary errors={failed?.errors} />

      <section aria-labelledby="account-details">
        <h2 id="account-details">{t('accounts.profile.details')}</h2>
        <dl class="summary-list">
          <dt>{t('accounts.field.email')}</dt>
          <dd>{user.email}</dd>
          <dt>{t('accounts.field.role')}</dt>
          <dd>{t(`accounts.role.${user.role}`)}</dd>
          {user.country_iso3 && (
            <>
              <dt>{t('accounts.field.country')}</dt>
              <dd>{countryName(user.country_iso3, locale)}</dd>
            </>
          )}
          <dt>{t('accounts.field.institution')}</dt>
          <dd>{props.institution ?? t('accounts.profile.noInstitution')}</dd>
        </dl>
        <Form action="/account/profile">
          <TextField
            name="name"
            label={t('accounts.field.name')}
            value={value('profile', 'name', user.name)}
            autocomplete="name"
            errors={errorsFor('profile')}
            required
          />
          <LanguageSelect
            name="locale"
            label={t('accounts.field.locale')}
            hint={t('accounts.profile.localeHint')}
            value={value('profile', 'locale', user.locale)}
            errors={errorsFor('profile')}
          />
          <TextField
            name="timezone"
            label={t('accounts.field.timezone')}
            hint={t('accounts.profile.timezoneHint')}
            value={value('profile', 'timezone', user.timezone)}
            errors={errorsFor('profile')}
          />
          <div class="actions">
            <Button>{t('accounts.profile.save')}</Button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="account-password">
        <h2 id="account-password">{t('accounts.password.title')}</h2>
        <Form action="/account/password">
          <TextField
            name="current"
            type="password"
            label={t('accounts.field.currentPassword')}
            autocomplete="current-password"
            errors={errorsFor('password')}
            required
          />
          <TextField
            name="password"
            type="password"
            label={t('accounts.field.newPassword')}
            hint={t('accounts.password.hint', { min: 10 })}
            autocomplete="new-password"
            errors={errorsFor('password')}
            required
          />
          <TextField
            name="confirm"
            type="password"
            label={t('accounts.field.confirmPassword')}
            autocomplete="new-password"
            errors={errorsFor('password')}
            required
          />
          <div class="actions">
            <Button>{t('accounts.password.submit')}</Button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="account-2fa">
        <h2 id="account-2fa">{t('accounts.twoFactor.title')}</h2>
        {user.totp_enabled === 1 ? (
          <>
            <p>
              <span class="badge badge--ok">{t('accounts.twoFactor.on')}</span>{' '}
              {t('accounts.twoFactor.codesLeft', { count: props.recoveryCodesLeft })}
            </p>
            <Form action="/account/recovery-codes">
              <p class="hint">{t('accounts.twoFactor.regenerateHint')}</p>
              <Button variant="secondary">{t('accounts.twoFactor.regenerate')}</Button>
            </Form>
            {requiresTwoFactor(user.role) ? (
              <p class="hint">{t('accounts.twoFactor.requiredForRole')}</p>
            ) : (
              <Form action="/account/two-factor/disable">
                <TextField
                  name="disablePassword"
                  type="password"
                  label={t('accounts.twoFactor.disablePassword')}
                  autocomplete="current-password"
                  errors={errorsFor('twoFactor')}
                />
                <Button variant="danger">{t('accounts.twoFactor.disable')}</Button>
              </Form>
            )}
          </>
        ) : (
          <>
            <p>
              <span class="badge">{t('accounts.twoFactor.off')}</span> {t('accounts.twoFactor.offHint')}
            </p>
            <p>
              <Link href="/account/two-factor" class="button button--secondary">
                {t('accounts.twoFactor.enable')}
              </Link>
            </p>
          </>
        )}
      </section>

      <section aria-labelledby="account-tokens">
        <h2 id="account-tokens">{t('accounts.tokens.title')}</h2>
        <p>
          {t('accounts.tokens.lead')} <a href="/api/docs">{t('accounts.tokens.docs')}</a>
        </p>
        {props.tokens.length === 0 ? (
          <p>{t('accounts.tokens.none')}</p>
        ) : (
          <div class="table-wrap">
            <table>
              <caption class="visually-hidden">{t('accounts.tokens.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('accounts.tokens.name')}</th>
                  <th scope="col">{t('accounts.tokens.prefix')}</th>
                  <th scope="col">{t('accounts.tokens.createdAt')}</th>
                  <th scope="col">{t('accounts.tokens.lastUsed')}</th>
                  <th scope="col">
                    <span class="visually-hidden">{t('accounts.tokens.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {props.tokens.map((tok) => (
                  <tr key={tok.id}>
                    <td>{tok.name}</td>
                    <td>
                      <code>{tok.prefix}…</code>
                    </td>
                    <td>{when(tok.created_at)}</td>
                    <td>{when(tok.last_used_at)}</td>
                    <td>
                      <Form action={`/account/tokens/${tok.id}/revoke`} class="inline-form">
                        <button type="submit" class="link-button">
                          {t('accounts.tokens.revoke')}
                          <span class="visually-hidden"> {tok.name}</span>
                        </button>
                      </Form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Form action="/account/tokens">
          <TextField
            name="tokenName"
            label={t('accounts.tokens.newName')}
            hint={t('accounts.tokens.newNameHint')}
            value={value('tokens', 'tokenName', '')}
            errors={errorsFor('tokens')}
            maxLength={100}
          />
          <Button variant="secondary">{t('accounts.tokens.create')}</Button>
        </Form>
      </section>
    </Layout>
  );
}

export function TokenCreatedPage({ token, name, baseUrl }: { token: string; name: string; baseUrl: string }) {
  const { t } = useCtx();
  return (
    <Layout title={t('accounts.tokens.createdTitle')}>
      <div class="narrow">
        <h1>{t('accounts.tokens.createdTitle')}</h1>
        <Notice>{t('accounts.tokens.createdNotice', { name })}</Notice>
        <p>{t('accounts.tokens.copyNow')}</p>
        <p>
          <code class="secret" id="new-token">
            {token}
          </code>
        </p>
        <p class="hint">{t('accounts.tokens.usage')}</p>
        <pre class="code-sample">
          <code>{`curl -H "Authorization: Bearer ${token}" ${baseUrl}/api/v1/me`}</code>
        </pre>
        <p>
          <Link href="/account#account-tokens">{t('accounts.tokens.back')}</Link>
        </p>
      </div>
    </Layout>
  );
}

export function TwoFactorSetupPage(props: { setup: TotpSetup; errors?: FieldError[] }) {
  const { t } = useCtx();
  return (
    <Layout
      title={t('accounts.setup.title')}
      help="/help/user-manual-access"
      hasErrors={!!props.errors?.length}
    >
      <div class="narrow">
        <h1>{t('accounts.setup.title')}</h1>
        <TotpSetupForm setup={props.setup} action="/account/two-factor" errors={props.errors} />
        <p>
          <Link href="/account">{t('form.cancel')}</Link>
        </p>
      </div>
    </Layout>
  );
}
