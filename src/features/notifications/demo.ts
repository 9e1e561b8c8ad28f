import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Frequency } from './service.ts';
import { notificationKinds } from './service.ts';

/**
 * Demo e-mail settings, so each way of receiving notifications can be seen in the outbox:
 * the Chilean coordinator reads a daily digest, the Brazilian coordinator a weekly one, and
 * the registered reader gets no e-mail at all. Everyone else keeps each kind's default.
 */
const DEMO_SETTINGS: { email: string; frequency: Frequency }[] = [
  { email: 'coordinator.chl@sismel.example', frequency: 'daily' },
  { email: 'coordinator.bra@sismel.example', frequency: 'weekly' },
  { email: 'reader@sismel.example', frequency: 'off' },
];

export async function seedNotificationsDemo(db: Db): Promise<void> {
  const kinds = notificationKinds();
  if (kinds.length === 0) return;
  const now = nowIso();
  for (const s of DEMO_SETTINGS) {
    const user = await db.selectFrom('users').select('id').where('email', '=', s.email).executeTakeFirst();
    if (!user) continue;
    for (const k of kinds) {
      await db
        .insertInto('notification_preferences')
        .values({ user_id: user.id, kind: k.kind, frequency: s.frequency, updated_at: now })
        .onConflict((oc) => oc.columns(['user_id', 'kind']).doNothing())
        .execute();
    }
  }
}
