type Listener = (event: MessageEvent) => void;

/**
 * An EventSource for jsdom (which has none): tests install it on `window`,
 * find the instance a component opened and send it events as the backend's
 * SSE route would.
 */
export class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readonly url: string;
  readonly withCredentials: boolean;
  closed = false;
  onerror: ((event: Event) => void) | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(url: string, init?: { withCredentials?: boolean }) {
    this.url = url;
    this.withCredentials = Boolean(init?.withCredentials);
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: Listener) {
    const set = this.listeners.get(type) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: string, listener: Listener) {
    this.listeners.get(type)?.delete(listener);
  }

  close() {
    this.closed = true;
  }

  /** Delivers `event: <type>` with `data` (JSON-encoded) and an `id`. */
  emit(type: string, data: unknown, id?: string) {
    if (this.closed) return;
    const event = new MessageEvent(type, {
      data: JSON.stringify(data),
      lastEventId: id ?? '',
    });
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }

  /** The connection failed (e.g. 401): the browser calls `onerror`. */
  fail() {
    this.onerror?.(new Event('error'));
  }

  /** Installs the fake as `window.EventSource`; returns the uninstaller. */
  static install(): () => void {
    const previous = (window as { EventSource?: unknown }).EventSource;
    FakeEventSource.instances = [];
    (window as { EventSource?: unknown }).EventSource = FakeEventSource;
    (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
    return () => {
      (window as { EventSource?: unknown }).EventSource = previous;
      (globalThis as { EventSource?: unknown }).EventSource = previous;
    };
  }
}
