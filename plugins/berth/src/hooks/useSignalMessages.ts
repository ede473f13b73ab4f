import { useApiHolder } from '@backstage/core-plugin-api';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { useEffect, useRef } from 'react';

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
