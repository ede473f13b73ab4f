import { SignalApi } from '@backstage/plugin-signals-react';

type Listener = (message: unknown) => void;

/** A SignalApi that delivers what is published on it, synchronously. */
export class FakeSignalApi implements SignalApi {
  private readonly listeners = new Map<string, Set<Listener>>();

  subscribe: SignalApi['subscribe'] = (channel, onMessage) => {
    const listeners = this.listeners.get(channel) ?? new Set<Listener>();
    this.listeners.set(channel, listeners);
    const listener = onMessage as Listener;
    listeners.add(listener);
    return { unsubscribe: () => listeners.delete(listener) };
  };

  /** Delivers a message to the channel's subscribers, as the backend would. */
  publish(channel: string, message: unknown): void {
    for (const listener of this.listeners.get(channel) ?? []) {
      listener(message);
    }
  }

  /** How many subscribers a channel has. */
  subscriberCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}
