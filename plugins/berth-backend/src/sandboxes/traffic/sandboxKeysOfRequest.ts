import { BerthObservedRequest } from '@berth/plugin-berth-node';
import { BAGGAGE_MEMBER } from '../routing/routingKey';

/** A sandbox name a request carried, and the header that carried it. */
export interface CarriedKey {
  sandbox: string;
  header: 'x-env' | 'baggage';
}

/**
 * The sandbox keys a request carries, as the routes match them: `x-env`'s
 * whole value, and the value of every `berth-sandbox` member of `baggage`
 * (properties after `;` dropped), so `foo=1, berth-sandbox=alice;p=1`
 * carries `alice` and `xberth-sandbox=alice` carries nothing.
 */
export function sandboxKeysOfRequest(
  headers: BerthObservedRequest['headers'],
): CarriedKey[] {
  const keys: CarriedKey[] = [];
  const xEnv = headers['x-env']?.trim();
  if (xEnv) keys.push({ sandbox: xEnv, header: 'x-env' });
  for (const member of (headers.baggage ?? '').split(',')) {
    const [pair] = member.split(';', 1);
    const equals = pair.indexOf('=');
    if (equals < 0) continue;
    if (pair.slice(0, equals).trim() !== BAGGAGE_MEMBER) continue;
    const value = pair.slice(equals + 1).trim();
    if (value && !keys.some(k => k.sandbox === value)) {
      keys.push({ sandbox: value, header: 'baggage' });
    }
  }
  return keys;
}
