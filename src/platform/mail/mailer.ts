import type { Kysely } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../../db/connection.ts';
import { nowIso } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';
import { enqueue, type JobRunner } from '../jobs/queue.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058). */
  headers?: Record<string, string>;
}

/**
 * Every message is written to the outbox in the caller's transaction; a job delivers it over
 * SMTP when SMTP_URL is set. Without SMTP the outbox is where the Secretariat reads it.
 */
export async function queueMail(trx: Kysely<Database>, message: MailMessage): Promise<number> {
  const row = await trx
    .insertInto('outbox')
    .values({
      to_address: message.to,
      subject: message.subject,
      text_body: message.text,
      headers: message.headers ? JSON.stringify(message.headers) : null,
      created_at: nowIso(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await enqueue(trx, 'mail.deliver', { outboxId: row.id });
  return row.id;
}

export function registerMailDelivery(
  runner: JobRunner,
  db: Db,
  smtpUrl: string | undefined,
  from: string,
): void {
  let transport: Transporter | undefined;
  runner.register('mail.deliver', async ({ outboxId }: { outboxId: number }) => {
    if (!smtpUrl) return; // kept in the outbox
    const msg = await db.selectFrom('outbox').selectAll().where('id', '=', outboxId).executeTakeFirst();
    if (!msg || msg.sent_at) return;
    transport ??= nodemailer.createTransport(smtpUrl);
    try {
      await transport.sendMail({
        from,
        to: msg.to_address,
        subject: msg.subject,
        text: msg.text_body,
        headers: msg.headers ? (JSON.parse(msg.headers) as Record<string, string>) : undefined,
      });
      await db
        .updateTable('outbox')
        .set({ sent_at: nowIso(), error: null })
        .where('id', '=', outboxId)
        .execute();
    } catch (err) {
      await db
        .updateTable('outbox')
        .set({ error: err instanceof Error ? err.message : String(err) })
        .where('id', '=', outboxId)
        .execute();
      throw err;
    }
  });
}
