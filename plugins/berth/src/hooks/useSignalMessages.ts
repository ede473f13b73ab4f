import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';

/**
 * A type guard for the messages of a signal channel: an object whose `keys`
 * are all strings (the ids a Berth signal names). Anything else on the
 * channel is not a message of that kind.
 */
export function isMessageWith<T>(
  ...keys: (keyof T & string)[]
): (message: unknown) => message is T {
  return (message: unknown): message is T => {
    if (typeof message !== 'object' || message === null) return false;
    const fields = message as Record<string, unknown>;
    return keys.every(key => typeof fields[key] === 'string');
  };
}

/**
 * Calls `onMessage` with every message on a signal channel that `isMessage`
 * accepts. It subscribes the way `useSignal` from
 * `@backstage/plugin-signals-react` does (the optional `signalApiRef`), but
 * hands over each message instead of only the last one. Without the signals
 * plugin installed, nothing is delivered.
 */
export function useSignalMessages<T>(
  channel: string,
  isMessage: (message: unknown) => message is T,
  onMessage: (message: T) => void,
): { isSignalsAvailable: boolean } {
  const signalApi = useApiHolder().get(signalApiRef);
  const callback = useRef(onMessage);
  useEffect(() => {
    callback.current = onMessage;
  });

  useEffect(() => {
    if (!signalApi) return undefined;
    const { unsubscribe } = signalApi.subscribe(channel, message => {
      if (isMessage(message)) callback.current(message);
    });
    return unsubscribe;
  }, [signalApi, channel, isMessage]);

  return { isSignalsAvailable: Boolean(signalApi) };
}

/**
 * A hook that calls its `onMessage` with every message on `channel` whose
 * `keys` are strings (see {@link isMessageWith} and {@link useSignalMessages}).
 */
export function channelSignalsHook<T>(
  channel: string,
  ...keys: (keyof T & string)[]
) {
  const isMessage = isMessageWith<T>(...keys);
  return function useChannelSignals(onMessage: (message: T) => void) {
    return useSignalMessages(channel, isMessage, onMessage);
  };
}
