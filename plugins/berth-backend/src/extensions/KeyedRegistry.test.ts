import { KeyedRegistry } from './KeyedRegistry';

describe('KeyedRegistry', () => {
  it('takes built-ins under reserved keys only, also after the start', () => {
    const registry = new KeyedRegistry<string>('routing driver', [
      'gateway-api',
    ]);
    expect(() => registry.add('gateway-api', 'module')).toThrow(
      "The routing driver key 'gateway-api' is built into Berth",
    );
    registry.add('mine', 'module');
    registry.lock();
    expect(() => registry.add('late', 'module')).toThrow(
      "Cannot add routing driver 'late': the Berth plugin has started",
    );
    registry.addBuiltIn('gateway-api', 'built-in');
    expect(() => registry.addBuiltIn('gateway-api', 'again')).toThrow(
      "The routing driver 'gateway-api' is registered twice",
    );
    expect(() => registry.addBuiltIn('other', 'built-in')).toThrow(
      "The routing driver key 'other' is not reserved for Berth",
    );
    expect([...registry.entries()]).toEqual([
      ['mine', 'module'],
      ['gateway-api', 'built-in'],
    ]);
  });
});
