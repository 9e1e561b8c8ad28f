import http from 'node:http';

/**
 * A minimal Server-Sent Events reader over node:http, for the tests and the realtime benchmark
 * (browsers use EventSource). It parses `event:`, `data:`, `id:` and `retry:` fields.
 */

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export interface SseConnection {
  status: number;
  headers: http.IncomingHttpHeaders;
  events: SseEvent[];
  /** Keep received events in `events` (turn off for long runs that only need `onEvent`). */
  keepEvents: boolean;
  /** Called for every event as it arrives. */
  onEvent?: (e: SseEvent) => void;
  /** Resolves with the first event (already received or future) that matches. */
  waitFor(match: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
  closed: Promise<void>;
}

export function connectSse(
  url: string,
  options: {
    headers?: Record<string, string>;
    agent?: http.Agent;
    /** Set here rather than on the connection: the first events may come with the headers. */
    onEvent?: (e: SseEvent) => void;
    keepEvents?: boolean;
  } = {},
): Promise<SseConnection> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { accept: 'text/event-stream', ...options.headers }, agent: options.agent },
      (res) => {
        res.setEncoding('utf8');
        const waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
        let closedResolve!: () => void;
        const closed = new Promise<void>((r) => {
          closedResolve = r;
        });
        const conn: SseConnection = {
          status: res.statusCode ?? 0,
          headers: res.headers,
          events: [],
          keepEvents: options.keepEvents ?? true,
          onEvent: options.onEvent,
          waitFor(match, timeoutMs = 5000) {
            const found = conn.events.find(match);
            if (found) return Promise.resolve(found);
            return new Promise((res2, rej) => {
              const waiter = {
                match,
                resolve: (e: SseEvent) => {
                  clearTimeout(timer);
                  res2(e);
                },
              };
              const timer = setTimeout(() => {
                waiters.splice(waiters.indexOf(waiter), 1);
                rej(new Error('timed out waiting for an event'));
              }, timeoutMs);
              waiters.push(waiter);
            });
          },
          close() {
            req.destroy();
          },
          closed,
        };
        let buffer = '';
        let current: { event?: string; data: string[]; id?: string } = { data: [] };
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl = buffer.indexOf('\n');
          while (nl !== -1) {
            const line = buffer.slice(0, nl).replace(/\r$/, '');
            buffer = buffer.slice(nl + 1);
            nl = buffer.indexOf('\n');
            if (line === '') {
              if (current.data.length || current.event) {
                const e: SseEvent = {
                  event: current.event ?? 'message',
                  data: current.data.join('\n'),
                  id: current.id,
                };
                if (conn.keepEvents) conn.events.push(e);
                conn.onEvent?.(e);
                for (let i = waiters.length - 1; i >= 0; i--) {
                  if (waiters[i]!.match(e)) waiters.splice(i, 1)[0]!.resolve(e);
                }
              }
              current = { data: [] };
              continue;
            }
            if (line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = colon === -1 ? line : line.slice(0, colon);
            const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'event') current.event = value;
            else if (field === 'data') current.data.push(value);
            else if (field === 'id') current.id = value;
          }
        });
        res.on('close', () => closedResolve());
        res.on('error', () => closedResolve());
        resolve(conn);
      },
    );
    req.on('error', reject);
  });
}
