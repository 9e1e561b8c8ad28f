import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Actor } from '../platform/auth/actor.ts';
import type { Translate } from '../platform/i18n/catalog.ts';
import type { Locale } from '../platform/i18n/locales.ts';

export interface NavItem {
  /** Message key of the label. */
  label: string;
  /** Path without the locale prefix, e.g. `/themes`. */
  href: string;
  order: number;
  /** Shown only when this returns true (e.g. signed-in users). */
  visible?: (actor: Actor | null) => boolean;
}

export interface PageContext {
  locale: Locale;
  t: Translate;
  actor: Actor | null;
  /** CSRF token for forms on this page. */
  csrf: string;
  /** Request path without the locale prefix, e.g. `/themes`. */
  path: string;
  /** Raw query string, with its leading `?` or empty. */
  search: string;
  requestId: string;
  assets: { css: string; scripts: Record<string, string> };
  nav: NavItem[];
  siteName: string;
  /** Unread notifications of the signed-in user (null when not counted). */
  unreadNotifications?: number | null;
}

export const PageCtx = createContext<PageContext | null>(null);

export function useCtx(): PageContext {
  const ctx = useContext(PageCtx);
  if (!ctx) throw new Error('PageContext missing');
  return ctx;
}

/** A localised href: `href('/themes')` → `/es/themes`. */
export function localHref(ctx: Pick<PageContext, 'locale'>, path: string): string {
  return `/${ctx.locale}${path === '/' ? '' : path}`;
}
