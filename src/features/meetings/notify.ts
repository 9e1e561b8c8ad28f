import { pick } from '../../platform/i18n/format.ts';
import { registerNotificationKind } from '../notifications/service.ts';

/** What the meetings tell people. Titles are in this feature's catalogue. */

registerNotificationKind({
  kind: 'meeting.scheduled',
  titleKey: 'meetings.notify.scheduled',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'meeting.reminder',
  titleKey: 'meetings.notify.reminder',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'meeting.changed',
  titleKey: 'meetings.notify.changed',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'meeting.cancelled',
  titleKey: 'meetings.notify.cancelled',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'meeting.promoted',
  titleKey: 'meetings.notify.promoted',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'meeting.minutes',
  titleKey: 'meetings.notify.minutes',
  defaultFrequency: 'daily',
});

/** A translatable text in its original language, for notification parameters (plain text). */
export function original(json: string, origLocale: string): string {
  return pick(json, origLocale as 'en', origLocale).text;
}
