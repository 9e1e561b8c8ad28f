// The live meeting room. Without JavaScript the page lists the conversation and the form posts
// and comes back; with it, an EventSource brings new messages and who is present as they happen,
// and the form posts in the background (the CSRF token travels in a header).

interface ChatMessage {
  id: number;
  userId: number;
  name: string;
  body: string;
  createdAt: string;
}

interface Person {
  userId: number;
  name: string;
  region?: string | null;
}

const root = document.querySelector<HTMLElement>('[data-live]');
if (root) start(root);

function start(root: HTMLElement): void {
  const d = root.dataset;
  const log = root.querySelector<HTMLOListElement>('[data-chat-log]')!;
  const presence = root.querySelector<HTMLUListElement>('[data-presence]')!;
  const status = root.querySelector<HTMLElement>('[data-live-status]')!;
  const form = root.querySelector<HTMLFormElement>('[data-chat-form]')!;
  const textarea = form.querySelector<HTMLTextAreaElement>('textarea[name=body]')!;
  const sendError = form.querySelector<HTMLElement>('[data-chat-error]')!;
  const locale = d.locale || 'en';
  const clock = new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: d.zone || 'UTC',
  });
  let regions: Intl.DisplayNames | null = null;
  try {
    regions = new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    regions = null;
  }

  // Only the newest messages are listed: when the reader pages back, stay on that page.
  const live = !new URLSearchParams(window.location.search).has('before');

  function setStatus(text: string): void {
    status.textContent = text;
  }

  function addMessage(m: ChatMessage): void {
    if (document.getElementById(`m-${m.id}`)) return;
    log.querySelector('[data-chat-empty]')?.remove();
    const li = document.createElement('li');
    li.id = `m-${m.id}`;
    li.className = 'chat-message';
    li.dataset.id = String(m.id);
    const name = document.createElement('span');
    name.className = 'chat-name';
    name.textContent = m.name;
    const time = document.createElement('time');
    time.className = 'meta';
    time.dateTime = m.createdAt;
    time.textContent = clock.format(new Date(m.createdAt));
    const body = document.createElement('p');
    body.className = 'chat-body';
    body.textContent = m.body;
    li.append(name, ' ', time, body);
    // Keep the conversation in order, whatever order the events come in.
    let before: Element | null = null;
    for (const el of log.querySelectorAll<HTMLElement>('li[data-id]')) {
      if (Number(el.dataset.id) > m.id) {
        before = el;
        break;
      }
    }
    const atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 40;
    log.insertBefore(li, before);
    if (atBottom) log.scrollTop = log.scrollHeight;
  }

  function personItem(p: Person): HTMLLIElement {
    const li = document.createElement('li');
    li.dataset.userId = String(p.userId);
    li.append(p.name);
    const region = p.region && regions ? regions.of(p.region) : null;
    if (region) {
      const meta = document.createElement('span');
      meta.className = 'meta';
      meta.textContent = ` — ${region}`;
      li.append(meta);
    }
    return li;
  }

  function setPresence(people: Person[]): void {
    presence.replaceChildren(...people.map(personItem));
  }

  function join(p: Person): void {
    if (presence.querySelector(`[data-user-id="${p.userId}"]`)) return;
    const items = [...presence.querySelectorAll<HTMLElement>('li[data-user-id]')];
    const next = items.find((el) => (el.firstChild?.textContent ?? '').localeCompare(p.name, locale) > 0);
    presence.insertBefore(personItem(p), next ?? null);
  }

  function leave(userId: number): void {
    presence.querySelector(`[data-user-id="${userId}"]`)?.remove();
  }

  if (live) {
    const after = d.after || '0';
    const source = new EventSource(`${d.eventsUrl}?after=${encodeURIComponent(after)}`);
    setStatus(d.msgConnecting || '');
    source.addEventListener('open', () => setStatus(d.msgConnected || ''));
    source.addEventListener('error', () => setStatus(d.msgReconnecting || ''));
    source.addEventListener('message', (e) => addMessage(JSON.parse((e as MessageEvent).data)));
    source.addEventListener('presence-list', (e) => setPresence(JSON.parse((e as MessageEvent).data).people));
    // Arrivals and departures come together, a few times a second at most.
    source.addEventListener('presence', (e) => {
      const change = JSON.parse((e as MessageEvent).data) as { joined?: Person[]; left?: number[] };
      for (const userId of change.left ?? []) leave(userId);
      for (const p of change.joined ?? []) join(p);
    });
    source.addEventListener('changed', () => setStatus(d.msgChanged || ''));
    window.addEventListener('pagehide', () => source.close());
    log.scrollTop = log.scrollHeight;
  }

  form.addEventListener('submit', async (event) => {
    const body = textarea.value.trim();
    if (!body || !live) return; // the server explains what is wrong
    event.preventDefault();
    const csrf = form.querySelector<HTMLInputElement>('input[name=_csrf]')?.value ?? '';
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (button) button.disabled = true;
    sendError.hidden = true;
    try {
      const res = await fetch(d.postUrl!, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ body }),
      });
      if (!res.ok) {
        const problem = (await res.json().catch(() => null)) as {
          error?: string;
          errors?: { message: string }[];
        } | null;
        throw new Error(problem?.errors?.[0]?.message || problem?.error || d.msgSendFailed || '');
      }
      addMessage((await res.json()) as ChatMessage);
      textarea.value = '';
      textarea.focus();
    } catch (err) {
      sendError.textContent = err instanceof Error && err.message ? err.message : d.msgSendFailed || '';
      sendError.hidden = false;
    } finally {
      if (button) button.disabled = false;
    }
  });

  // Enter sends, Shift+Enter starts a new line.
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}
