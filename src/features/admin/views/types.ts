import type { Selectable } from 'kysely';
import type { OutboxTable } from '../../../db/schema.ts';

export type Outbox = Selectable<OutboxTable>;
