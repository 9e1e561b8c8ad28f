import type { ComponentChildren, JSX } from 'preact';
import type { FieldError } from '../platform/http/errors.ts';
import { LOCALE_NAMES, type Locale } from '../platform/i18n/locales.ts';
import type { Picked } from '../platform/i18n/format.ts';
import { localHref, useCtx } from './context.ts';

export function Link(
  props: { href: string; children: ComponentChildren } & JSX.AnchorHTMLAttributes<HTMLAnchorElement>,
) {
  const ctx = useCtx();
  const { href, children, ...rest } = props;
  return (
    <a href={href.startsWith('/') ? localHref(ctx, href) : href} {...rest}>
      {children}
    </a>
  );
}

/** A POST form with the CSRF token; `action` is a path without the locale. */
export function Form(
  props: {
    action: string;
    children: ComponentChildren;
    multipart?: boolean;
    method?: 'post' | 'get';
  } & Omit<JSX.HTMLAttributes<HTMLFormElement>, 'action' | 'method'>,
) {
  const ctx = useCtx();
  const { action, children, multipart, method = 'post', ...rest } = props;
  let href = action.startsWith('/') ? localHref(ctx, action) : action;
  // Multipart bodies are read after the CSRF check, so the token also travels in the URL.
  if (multipart) href += `${href.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(ctx.csrf)}`;
  return (
    <form
      method={method}
      action={href}
      enctype={multipart ? 'multipart/form-data' : undefined}
      novalidate
      {...rest}
    >
      {method === 'post' && <input type="hidden" name="_csrf" value={ctx.csrf} />}
      {children}
    </form>
  );
}

/** GOV.UK error summary: at the top of the form, each problem links to its field. */
export function ErrorSummary({ errors }: { errors?: FieldError[] }) {
  const { t } = useCtx();
  if (!errors?.length) return null;
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabindex={-1}
      data-autofocus
    >
      <h2 id="error-summary-title">{t('form.errorSummary')}</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.field}>
            <a href={`#${fieldId(e.field)}`}>{t(e.key, e.values)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function fieldId(name: string): string {
  return `f-${name.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
}

function fieldError(errors: FieldError[] | undefined, name: string): FieldError | undefined {
  return errors?.find((e) => e.field === name);
}

interface FieldProps {
  name: string;
  label: string;
  hint?: string;
  errors?: FieldError[];
}

function FieldShell(props: FieldProps & { children: ComponentChildren }) {
  const { t } = useCtx();
  const err = fieldError(props.errors, props.name);
  const id = fieldId(props.name);
  return (
    <div class={err ? 'field field--error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {err && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">{t('form.errorPrefix')} </span>
          {t(err.key, err.values)}
        </p>
      )}
      {props.children}
    </div>
  );
}

function describedBy(props: FieldProps): string | undefined {
  const id = fieldId(props.name);
  const parts = [
    props.hint ? `${id}-hint` : '',
    fieldError(props.errors, props.name) ? `${id}-error` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

export function TextField(
  props: FieldProps & {
    value?: string | null;
    type?: string;
    autocomplete?: string;
    required?: boolean;
    inputmode?: string;
    maxLength?: number;
    width?: 'short' | 'full';
  },
) {
  return (
    <FieldShell {...props}>
      <input
        id={fieldId(props.name)}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.value ?? ''}
        autocomplete={props.autocomplete}
        required={props.required}
        maxLength={props.maxLength}
        inputMode={props.inputmode as JSX.HTMLAttributes['inputMode']}
        class={props.width === 'short' ? 'input input--short' : 'input'}
        aria-invalid={fieldError(props.errors, props.name) ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      />
    </FieldShell>
  );
}

export function TextArea(props: FieldProps & { value?: string | null; rows?: number }) {
  return (
    <FieldShell {...props}>
      <textarea
        id={fieldId(props.name)}
        name={props.name}
        rows={props.rows ?? 6}
        class="input"
        aria-invalid={fieldError(props.errors, props.name) ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.value ?? ''}
      </textarea>
    </FieldShell>
  );
}

export function Select(
  props: FieldProps & { value?: string | null; options: { value: string; label: string }[]; empty?: string },
) {
  return (
    <FieldShell {...props}>
      <select
        id={fieldId(props.name)}
        name={props.name}
        class="input"
        aria-invalid={fieldError(props.errors, props.name) ? 'true' : undefined}
        aria-describedby={describedBy(props)}
      >
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === (props.value ?? '')}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function Checkbox(props: { name: string; label: string; checked?: boolean; value?: string }) {
  const id = fieldId(`${props.name}-${props.value ?? 'on'}`);
  return (
    <div class="checkbox">
      <input type="checkbox" id={id} name={props.name} value={props.value ?? 'on'} checked={props.checked} />
      <label for={id}>{props.label}</label>
    </div>
  );
}

export function Button(props: {
  children: ComponentChildren;
  variant?: 'primary' | 'secondary' | 'danger';
  name?: string;
  value?: string;
}) {
  return (
    <button
      type="submit"
      class={`button button--${props.variant ?? 'primary'}`}
      name={props.name}
      value={props.value}
    >
      {props.children}
    </button>
  );
}

/** Text that may be in another language than the page: marks its language and says so. */
export function LocalizedText({ picked, as = 'span' }: { picked: Picked; as?: 'span' | 'div' | 'p' }) {
  const { t, locale } = useCtx();
  const Tag = as;
  if (!picked.fallback) return <Tag>{picked.text}</Tag>;
  return (
    <Tag lang={picked.lang}>
      {picked.text}{' '}
      <small class="fallback-note" lang={locale}>
        ({t('content.originalLanguage', { language: LOCALE_NAMES[picked.lang as Locale] })})
      </small>
    </Tag>
  );
}

export function Notice({
  children,
  kind = 'success',
}: {
  children: ComponentChildren;
  kind?: 'success' | 'info' | 'warning';
}) {
  return (
    <div class={`notice notice--${kind}`} role="status">
      {children}
    </div>
  );
}

export function Pagination({ page, pages, base }: { page: number; pages: number; base: string }) {
  const { t } = useCtx();
  if (pages <= 1) return null;
  const hrefFor = (p: number) => {
    const [path, q = ''] = base.split('?');
    const params = new URLSearchParams(q);
    params.set('page', String(p));
    return `${path}?${params.toString()}`;
  };
  return (
    <nav class="pagination" aria-label={t('pagination.label')}>
      {page > 1 && (
        <Link href={hrefFor(page - 1)} rel="prev">
          {t('pagination.previous')}
        </Link>
      )}
      <span>{t('pagination.status', { page, pages })}</span>
      {page < pages && (
        <Link href={hrefFor(page + 1)} rel="next">
          {t('pagination.next')}
        </Link>
      )}
    </nav>
  );
}

/** A link to the sign-in page that comes back to `next` (a path without the locale). */
export function SignInLink({ next, children }: { next: string; children: ComponentChildren }) {
  const { locale } = useCtx();
  return <Link href={`/login?next=${encodeURIComponent(`/${locale}${next}`)}`}>{children}</Link>;
}
