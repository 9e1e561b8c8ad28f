import type { ComponentChildren } from 'preact';
import type { User } from '../../../db/schema.ts';
import type { FieldError } from '../../../platform/http/errors.ts';
import { formatDateTime } from '../../../platform/i18n/format.ts';
import { Button, ErrorSummary, Form, Link, Notice, TextField } from '../../../views/components.tsx';
import { useCtx } from '../../../views/context.ts';
import { Layout } from '../../../views/layout.tsx';
import type { TotpSetup } from '../service.ts';
import { formatSecret } from '../totp.ts';

/** `?next=` for a local path, or nothing. */
export function nextQuery(next: string | null): string {
  return next ? `?next=${encodeURIComponent(next)}` : '';
}

function minutesUntil(iso: string): number {
  return Math.max(1, Math.ceil((new Date(iso).getTime() - Date.now()) / 60_000));
}

export function LockedMessage({ until }: { until: string }) {
  const { t, locale } = useCtx();
  return (
    <>
      {t('accounts.login.locked', {
        minutes: minutesUntil(until),
        time: formatDateTime(until, locale, 'UTC'),
      })}
    </>
  );
}

/** Too many wrong attempts: the account is locked until a time. */
function LockedSummary({ until, children }: { until: string; children?: ComponentChildren }) {
  const { t } = useCtx();
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>{t('accounts.login.lockedTitle')}</h2>
      <p>
        <LockedMessage until={until} />
      </p>
      {children}
    </div>
  );
}

/** Leaves a half-way sign-in (the second step) by signing out. */
function CancelSignIn() {
  const { t } = useCtx();
  return (
    <Form action="/logout" class="inline-form">
      <button type="submit" class="link-button">
        {t('accounts.code.cancel')}
      </button>
    </Form>
  );
}

export type LoginNotice = 'reset' | 'signedOut' | 'lockedOut';

export function LoginPage(props: {
  email?: string;
  next: string | null;
  errors?: FieldError[];
  lockedUntil?: string;
  notice?: LoginNotice | null;
}) {
  const { t } = useCtx();
  const { errors } = props;
  return (
    <Layout
      title={t('accounts.login.title')}
      help="/help/user-manual-access"
      hasErrors={!!errors?.length || !!props.lockedUntil}
    >
      <div class="narrow">
        <h1>{t('accounts.login.title')}</h1>
        {props.notice === 'reset' && <Notice>{t('accounts.login.afterReset')}</Notice>}
        {props.notice === 'signedOut' && <Notice kind="info">{t('accounts.login.signedOut')}</Notice>}
        {props.lockedUntil && (
          <LockedSummary until={props.lockedUntil}>
            <p>
              <Link href="/password/forgot">{t('accounts.login.forgot')}</Link>
            </p>
          </LockedSummary>
        )}
        <ErrorSummary errors={errors} />
        <Form action={`/login${nextQuery(props.next)}`}>
          <TextField
            name="email"
            type="email"
            label={t('accounts.field.email')}
            value={props.email}
            autocomplete="username"
            errors={errors}
            required
          />
          <TextField
            name="password"
            type="password"
            label={t('accounts.field.password')}
            autocomplete="current-password"
            required
          />
          <div class="actions">
            <Button>{t('accounts.login.submit')}</Button>
            <Link href="/password/forgot">{t('accounts.login.forgot')}</Link>
          </div>
        </Form>
        <p class="meta">{t('accounts.login.noSignup')}</p>
      </div>
    </Layout>
  );
}

export function CodePage(props: { next: string | null; errors?: FieldError[]; lockedUntil?: string }) {
  const { t } = useCtx();
  return (
    <Layout title={t('accounts.code.title')} hasErrors={!!props.errors?.length || !!props.lockedUntil}>
      <div class="narrow">
        <h1>{t('accounts.code.title')}</h1>
        {props.lockedUntil && <LockedSummary until={props.lockedUntil} />}
        <ErrorSummary errors={props.errors} />
        <p>{t('accounts.code.lead')}</p>
        <Form action={`/login/code${nextQuery(props.next)}`}>
          <TextField
            name="code"
            label={t('accounts.field.code')}
            hint={t('accounts.code.hint')}
            autocomplete="one-time-code"
            inputmode="text"
            width="short"
            errors={props.errors}
            required
          />
          <div class="actions">
            <Button>{t('accounts.code.submit')}</Button>
          </div>
        </Form>
        <CancelSignIn />
      </div>
    </Layout>
  );
}

/** Scan the QR code (or type the secret), then confirm with a code. */
export function TotpSetupForm(props: { setup: TotpSetup; action: string; errors?: FieldError[] }) {
  const { t } = useCtx();
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <ol class="steps">
        <li>{t('accounts.setup.step1')}</li>
        <li>
          <p>{t('accounts.setup.step2')}</p>
          <img class="qr" src={props.setup.qr} alt={t('accounts.setup.qrAlt')} width={200} height={200} />
          <p>{t('accounts.setup.manual')}</p>
          <p>
            <span class="visually-hidden">{t('accounts.setup.secretLabel')}: </span>
            <code class="secret">{formatSecret(props.setup.secret)}</code>
          </p>
        </li>
        <li>{t('accounts.setup.step3')}</li>
      </ol>
      <Form action={props.action}>
        <TextField
          name="code"
          label={t('accounts.field.code')}
          hint={t('accounts.setup.codeHint')}
          autocomplete="one-time-code"
          inputmode="numeric"
          width="short"
          errors={props.errors}
          required
        />
        <div class="actions">
          <Button>{t('accounts.setup.submit')}</Button>
        </div>
      </Form>
    </>
  );
}

/** First sign-in of a role that must use two-factor sign-in. */
export function EnrollPage(props: { setup: TotpSetup; next: string | null; errors?: FieldError[] }) {
  const { t } = useCtx();
  return (
    <Layout
      title={t('accounts.setup.title')}
      help="/help/user-manual-access"
      hasErrors={!!props.errors?.length}
    >
      <div class="narrow">
        <h1>{t('accounts.setup.title')}</h1>
        <Notice kind="info">{t('accounts.setup.required')}</Notice>
        <TotpSetupForm
          setup={props.setup}
          action={`/login/setup${nextQuery(props.next)}`}
          errors={props.errors}
        />
        <CancelSignIn />
      </div>
    </Layout>
  );
}

/** Recovery codes, shown once after set-up or regeneration. */
export function RecoveryCodesPage(props: {
  codes: string[];
  continueHref: string;
  fresh: 'setup' | 'regenerated';
}) {
  const { t } = useCtx();
  return (
    <Layout title={t('accounts.recovery.title')}>
      <div class="narrow">
        <h1>{t('accounts.recovery.title')}</h1>
        <Notice>
          {t(props.fresh === 'setup' ? 'accounts.recovery.setupDone' : 'accounts.recovery.regenerated')}
        </Notice>
        <p>{t('accounts.recovery.lead', { count: props.codes.length })}</p>
        <ul class="recovery-codes">
          {props.codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <p>{t('accounts.recovery.once')}</p>
        <p>
          <Link href={props.continueHref} class="button button--primary">
            {t('accounts.recovery.continue')}
          </Link>
        </p>
      </div>
    </Layout>
  );
}

export function ForgotPage(props: { sent?: boolean; email?: string; errors?: FieldError[] }) {
  const { t } = useCtx();
  return (
    <Layout title={t('accounts.forgot.title')} hasErrors={!!props.errors?.length}>
      <div class="narrow">
        <h1>{t('accounts.forgot.title')}</h1>
        {props.sent ? (
          <>
            <Notice>{t('accounts.forgot.sent')}</Notice>
            <p>{t('accounts.forgot.sentHint', { minutes: 60 })}</p>
            <p>
              <Link href="/login">{t('accounts.forgot.backToLogin')}</Link>
            </p>
          </>
        ) : (
          <>
            <ErrorSummary errors={props.errors} />
            <p>{t('accounts.forgot.lead')}</p>
            <Form action="/password/forgot">
              <TextField
                name="email"
                type="email"
                label={t('accounts.field.email')}
                value={props.email}
                autocomplete="email"
                errors={props.errors}
                required
              />
              <div class="actions">
                <Button>{t('accounts.forgot.submit')}</Button>
                <Link href="/login">{t('accounts.forgot.backToLogin')}</Link>
              </div>
            </Form>
          </>
        )}
      </div>
    </Layout>
  );
}

function NewPasswordFields({ errors }: { errors?: FieldError[] }) {
  const { t } = useCtx();
  return (
    <>
      <TextField
        name="password"
        type="password"
        label={t('accounts.field.newPassword')}
        hint={t('accounts.password.hint', { min: 10 })}
        autocomplete="new-password"
        errors={errors}
        required
      />
      <TextField
        name="confirm"
        type="password"
        label={t('accounts.field.confirmPassword')}
        autocomplete="new-password"
        errors={errors}
        required
      />
    </>
  );
}

export function ResetPage(props: { token: string; user: User; errors?: FieldError[] }) {
  const { t } = useCtx();
  return (
    <Layout title={t('accounts.reset.title')} hasErrors={!!props.errors?.length}>
      <div class="narrow">
        <h1>{t('accounts.reset.title')}</h1>
        <ErrorSummary errors={props.errors} />
        <p>{t('accounts.reset.lead', { email: props.user.email })}</p>
        <Form action={`/password/reset/${encodeURIComponent(props.token)}`}>
          <NewPasswordFields errors={props.errors} />
          <div class="actions">
            <Button>{t('accounts.reset.submit')}</Button>
          </div>
        </Form>
      </div>
    </Layout>
  );
}

export function InvitationPage(props: { token: string; user: User; name?: string; errors?: FieldError[] }) {
  const { t } = useCtx();
  return (
    <Layout title={t('accounts.invitation.title')} hasErrors={!!props.errors?.length}>
      <div class="narrow">
        <h1>{t('accounts.invitation.title')}</h1>
        <ErrorSummary errors={props.errors} />
        <p>
          {t('accounts.invitation.lead', {
            email: props.user.email,
            role: t(`accounts.role.${props.user.role}`),
          })}
        </p>
        <Form action={`/invitation/${encodeURIComponent(props.token)}`}>
          <TextField
            name="name"
            label={t('accounts.field.name')}
            hint={t('accounts.invitation.nameHint')}
            value={props.name ?? props.user.name}
            autocomplete="name"
            errors={props.errors}
            required
          />
          <NewPasswordFields errors={props.errors} />
          <div class="actions">
            <Button>{t('accounts.invitation.submit')}</Button>
          </div>
        </Form>
      </div>
    </Layout>
  );
}

/** An invitation or reset link that is unknown, used or expired. */
export function InvalidLinkPage({ kind }: { kind: 'invitation' | 'reset' }) {
  const { t } = useCtx();
  return (
    <Layout title={t(`accounts.${kind}.invalidLink`)}>
      <div class="narrow">
        <h1>{t(`accounts.${kind}.invalidLink`)}</h1>
        <p>{t(`accounts.${kind}.invalidLinkHint`)}</p>
        <p>
          {kind === 'reset' ? (
            <Link href="/password/forgot">{t('accounts.forgot.title')}</Link>
          ) : (
            <Link href="/login">{t('accounts.login.title')}</Link>
          )}
        </p>
      </div>
    </Layout>
  );
}
