import { sandboxKeysOfRequest } from './sandboxKeysOfRequest';

describe('sandboxKeysOfRequest', () => {
  it('reads x-env whole and the berth-sandbox member of baggage', () => {
    expect(sandboxKeysOfRequest({ 'x-env': 'alice' })).toEqual([
      { sandbox: 'alice', header: 'x-env' },
    ]);
    expect(
      sandboxKeysOfRequest({ baggage: 'foo=1, berth-sandbox=alice;p=1' }),
    ).toEqual([{ sandbox: 'alice', header: 'baggage' }]);
    expect(
      sandboxKeysOfRequest({ baggage: 'berth-sandbox = bob \t, k=v' }),
    ).toEqual([{ sandbox: 'bob', header: 'baggage' }]);
  });

  it('names each sandbox once, x-env first', () => {
    expect(
      sandboxKeysOfRequest({
        'x-env': 'alice',
        baggage: 'berth-sandbox=alice,berth-sandbox=bob',
      }),
    ).toEqual([
      { sandbox: 'alice', header: 'x-env' },
      { sandbox: 'bob', header: 'baggage' },
    ]);
  });

  it('finds no key in other members, empty values or no headers', () => {
    expect(sandboxKeysOfRequest({ baggage: 'xberth-sandbox=alice' })).toEqual(
      [],
    );
    expect(sandboxKeysOfRequest({ baggage: 'berth-sandbox=;p=1' })).toEqual([]);
    expect(sandboxKeysOfRequest({ baggage: 'berth-sandbox' })).toEqual([]);
    expect(sandboxKeysOfRequest({ 'x-env': '  ' })).toEqual([]);
    expect(sandboxKeysOfRequest({})).toEqual([]);
  });
});
