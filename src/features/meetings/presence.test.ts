import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../../platform/realtime/hub.ts';
import { type PresenceChange, splitChange } from './presence.ts';

describe('presence announcements', () => {
  it('fit a thousand arrivals into as few PostgreSQL notifications as the payload limit allows', () => {
    const change: PresenceChange = {
      joined: Array.from({ length: 1000 }, (_, i) => ({
        userId: i + 1,
        name: `Participante número ${i + 1} — Ministério do Trabalho e Emprego`,
        region: 'BR',
      })),
      left: Array.from({ length: 300 }, (_, i) => 5000 + i),
    };
    const budget = MAX_PAYLOAD_BYTES - 1000;
    const parts = splitChange(change, budget);
    const total = Buffer.byteLength(JSON.stringify(change));
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.length).toBeLessThanOrEqual(Math.ceil(total / budget) + 1);
    for (const p of parts) expect(Buffer.byteLength(JSON.stringify(p))).toBeLessThanOrEqual(budget);
    expect(parts.flatMap((p) => p.joined)).toEqual(change.joined);
    expect(parts.flatMap((p) => p.left)).toEqual(change.left);
    // Within one process there is no limit: one event.
    expect(splitChange(change, Number.POSITIVE_INFINITY)).toEqual([change]);
  });
});
