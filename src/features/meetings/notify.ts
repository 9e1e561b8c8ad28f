import { pick } from '../../platform/i18n/format.ts';
import { registerNotificationKind } from '../notifications/service.ts';

/** What the meetings tell people. Titles are in this feature's catalogue. */

registerNotificationKind({
  kind: 'meeting.scheduled',
  titleKey: 'meetings.notify.scheduled',
  labelKey: 'meetings.notifyLabel.scheduled',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'meeting.reminder',
  titleKey: 'meetings.notify.reminder',
  labelKey: 'meetings.notifyLabel.reminder',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'meeting.changed',
  titleKey: 'meetings.notify.changed',
  labelKey: 'meetings.notifyLabel.changed',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'meeting.cancelled',
  titleKey: 'meetings.notify.cancelled',
  labelKey: 'meetings.notifyLabel.cancelled',
  defaultFrequency: 'immediate',
});
// A deleted meeting the Secretariat brings back: those told it was cancelled learn it is on again.
registerNotificationKind({
  kind: 'meeting.restored',
  titleKey: 'meetings.notify.restored',
  labelKey: 'meetings.notifyLabel.restored',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'meeting.promoted',
  titleKey: 'meetings.notify.promoted',
  labelKey: 'meetings.notifyLabel.promoted',
  defaultFrequency: 'immediate',
});
registerNotificationKind({
  kind: 'meeting.minutes',
  titleKey: 'meetings.notify.minutes',
  labelKey: 'meetings.notifyLabel.minutes',
  defaultFrequency: 'daily',
});

/** A translatable text in its original language, for notification parameters (plain text). */
export function original(json: string, origLocale: string): string {
  return pick(json, origLocale as 'en', origLocale).text;
}
