import type { Db } from '../../db/connection.ts';
import { SYSTEM_ACTOR } from '../../platform/auth/actor.ts';
import { addGroupMember, createStudyGroup } from '../study-groups/service.ts';

/** A study group moderated by `moderatorId`, with these approved members. */
export async function makeGroup(
  db: Db,
  moderatorId: number,
  memberIds: number[] = [],
  title = 'Informal employment statistics',
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const id = await createStudyGroup(trx, SYSTEM_ACTOR, {
      title,
      description: 'Comparing how each country measures informal employment.',
      origLocale: 'en',
      themeId: null,
      proposalId: null,
      moderatorId,
    });
    for (const userId of memberIds) await addGroupMember(trx, SYSTEM_ACTOR, id, userId);
    return id;
  });
}

/** Minimal RFC 5545 reading: unfolds lines and returns each VEVENT's properties (name → value). */
export function parseIcs(text: string): { calendar: Map<string, string>; events: Map<string, string>[] } {
  if (!text.startsWith('BEGIN:VCALENDAR')) throw new Error('not an iCalendar file');
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .split(/\r\n/)
    .filter(Boolean);
  const calendar = new Map<string, string>();
  const events: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  let depth = 0;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') {
      current = new Map();
      continue;
    }
    if (line === 'END:VEVENT') {
      events.push(current!);
      current = null;
      continue;
    }
    if (line.startsWith('BEGIN:')) depth++;
    if (line.startsWith('END:')) depth--;
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).split(';')[0]!;
    const value = line
      .slice(colon + 1)
      .replace(/\\n/gi, '\n')
      .replace(/\\([,;\\])/g, '$1');
    if (current) current.set(name, value);
    else calendar.set(name, value);
  }
  if (depth !== 0) throw new Error('unbalanced iCalendar components');
  return { calendar, events };
}
