import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Db } from '../../db/connection.ts';
import { isPostgres, nowIso } from '../../db/dialect.ts';
import type { Database } from '../../db/schema.ts';

export type JobHandler = (payload: any, job: { id: number; attempts: number }) => Promise<void>;

/** Adds a job in the caller's transaction, so it exists only if the change that needs it commits. */
export async function enqueue(
  trx: Kysely<Database>,
  kind: string,
  payload: unknown,
  runAt: Date = new Date(),
): Promise<number> {
  const now = nowIso();
  const row = await trx
    .insertInto('jobs')
    .values({
      kind,
      payload: JSON.stringify(payload ?? {}),
      run_at: runAt.toISOString(),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface JobRunnerOptions {
  pollMs?: number;
  leaseMs?: number;
  log?: { error: (obj: unknown, msg?: string) => void };
}

/**
 * A small job queue in the database: claim with a lease, retry with exponential back-off,
 * nothing lost on restart (a job whose lease ran out is claimed again).
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private stopped = true;

  constructor(
    private readonly db: Db,
    private readonly options: JobRunnerOptions = {},
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  start(): void {
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      try {
        await this.runDue();
      } catch (err) {
        this.options.log?.error({ err }, 'job runner tick failed');
      }
      if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 1000);
    };
    this.timer = setTimeout(tick, 50);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** Runs every job that is due now; returns how many ran. Tests call this directly. */
  async runDue(limit = 100): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let count = 0;
    try {
      while (count < limit) {
        const job = await this.claim();
        if (!job) break;
        count++;
        await this.execute(job);
      }
    } finally {
      this.running = false;
    }
    return count;
  }

  private async claim(): Promise<
    { id: number; kind: string; payload: string; attempts: number; max_attempts: number } | undefined
  > {
    const now = nowIso();
    const lease = new Date(Date.now() + (this.options.leaseMs ?? 5 * 60_000)).toISOString();
    const kinds = [...this.handlers.keys()];
    if (kinds.length === 0) return undefined;
    return this.db.transaction().execute(async (trx) => {
      let q = trx
        .selectFrom('jobs')
        .select(['id', 'kind', 'payload', 'attempts', 'max_attempts'])
        .where('kind', 'in', kinds)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
          ]),
        )
        .orderBy('run_at')
        .limit(1);
      if (isPostgres(trx)) q = q.modifyEnd(sql`for update skip locked`);
      const job = await q.executeTakeFirst();
      if (!job) return undefined;
      await trx
        .updateTable('jobs')
        .set({ status: 'running', locked_until: lease, attempts: job.attempts + 1, updated_at: now })
        .where('id', '=', job.id)
        .execute();
      return { ...job, attempts: job.attempts + 1 };
    });
  }

  private async execute(job: {
    id: number;
    kind: string;
    payload: string;
    attempts: number;
    max_attempts: number;
  }) {
    const handler = this.handlers.get(job.kind)!;
    try {
      await handler(JSON.parse(job.payload), { id: job.id, attempts: job.attempts });
      await this.db
        .updateTable('jobs')
        .set({ status: 'done', locked_until: null, last_error: null, updated_at: nowIso() })
        .where('id', '=', job.id)
        .execute();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const final = job.attempts >= job.max_attempts || (err as { permanent?: boolean })?.permanent === true;
      const backoffMs = Math.min(3600_000, 2 ** job.attempts * 5000);
      await this.db
        .updateTable('jobs')
        .set({
          status: final ? 'failed' : 'queued',
          locked_until: null,
          last_error: message.slice(0, 2000),
          run_at: new Date(Date.now() + backoffMs).toISOString(),
          updated_at: nowIso(),
        })
        .where('id', '=', job.id)
        .execute();
      this.options.log?.error({ err, jobId: job.id, kind: job.kind }, 'job failed');
    }
  }
}

/** An error that should not be retried (a corrupt file will still be corrupt tomorrow). */
export class PermanentJobError extends Error {
  readonly permanent = true;
}
