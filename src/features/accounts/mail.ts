import type { Role } from '../../db/schema.ts';
import { translator } from '../../platform/i18n/catalog.ts';
import { countryName } from '../../platform/i18n/format.ts';
import { isLocale, type Locale } from '../../platform/i18n/locales.ts';
import type { MailMessage } from '../../platform/mail/mailer.ts';

/** The recipient's language, or English when the stored value is not one of ours. */
export function mailLocale(value: string | null | undefined): Locale {
  return isLocale(value) ? value : 'en';
}

export function invitationMail(input: {
  to: string;
  locale: Locale;
  name: string;
  inviterName: string;
  role: Role;
  countryIso3: string | null;
  url: string;
  days: number;
}): MailMessage {
  const t = translator(input.locale);
  const role = t(`accounts.role.${input.role}`);
  const scope = input.countryIso3
    ? t('accounts.mail.invite.scopeCountry', { role, country: countryName(input.countryIso3, input.locale) })
    : role;
  return {
    to: input.to,
    subject: t('accounts.mail.invite.subject'),
    text: t('accounts.mail.invite.body', {
      name: input.name,
      inviter: input.inviterName,
      scope,
      url: input.url,
      days: input.days,
    }),
  };
}

export function resetMail(input: {
  to: string;
  locale: Locale;
  name: string;
  url: string;
  minutes: number;
}): MailMessage {
  const t = translator(input.locale);
  return {
    to: input.to,
    subject: t('accounts.mail.reset.subject'),
    text: t('accounts.mail.reset.body', { name: input.name, url: input.url, minutes: input.minutes }),
  };
}
