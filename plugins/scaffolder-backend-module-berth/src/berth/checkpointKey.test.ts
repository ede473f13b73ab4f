import { checkpointKey } from './checkpointKey';

describe('checkpointKey', () => {
  it('names the action and the identity of what it creates', () => {
    expect(
      checkpointKey(
        'berth:environment:create',
        'system:default/shop',
        'qa',
        'local-east',
      ),
    ).toBe('berth:environment:create/system:default%2Fshop/qa/local-east');
  });

  it('keeps different inputs apart even when their parts hold the separator', () => {
    const a = checkpointKey('x', 'a/b', 'c');
    const b = checkpointKey('x', 'a', 'b/c');
    const c = checkpointKey('x', 'a%2Fb', 'c');
    expect(new Set([a, b, c]).size).toBe(3);
    expect(checkpointKey('x', undefined, 1)).toBe('x//1');
  });
});
