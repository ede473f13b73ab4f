import {
  changeFork,
  emptyFork,
  forkDraftOf,
  forksErrors,
  noForksProblem,
  toggleFork,
  toSandboxFork,
} from './forkDraft';

describe('fork drafts', () => {
  it('fills a draft with a fork the sandbox has, and sends it back unchanged', () => {
    const fork = {
      service: 'cart',
      revision: 3,
      values: 'replicaCount: 1\n',
      images: { main: 'ghcr.io/acme/cart:1.5.0' },
      set: { 'feature.x': 'true', 'image.tag': '1.5.0' },
      variables: { port: 8080 },
    };
    const draft = forkDraftOf(fork);
    expect(draft).toEqual({
      service: 'cart',
      revision: '3',
      values: 'replicaCount: 1\n',
      images: [{ name: 'main', image: 'ghcr.io/acme/cart:1.5.0' }],
      set: 'feature.x=true\nimage.tag=1.5.0',
      variables: { port: 8080 },
    });
    expect(toSandboxFork(draft)).toEqual(fork);
    expect(forkDraftOf({ service: 'payments' })).toEqual(emptyFork('payments'));
  });

  it('picks a service once, keeps the settings of the others, and drops one', () => {
    const cart = { ...emptyFork('cart'), revision: '2' };
    const picked = toggleFork([cart], 'payments', true);
    expect(picked.map(f => f.service)).toEqual(['cart', 'payments']);
    expect(toggleFork(picked, 'cart', true)).toBe(picked);
    expect(toggleFork(picked, 'cart', false)).toEqual([emptyFork('payments')]);
    expect(changeFork(picked, 'payments', { set: 'a=1' })).toEqual([
      cart,
      { ...emptyFork('payments'), set: 'a=1' },
    ]);
  });

  it('names the forks with a problem, and wants at least one', () => {
    expect(
      forksErrors([
        emptyFork('cart'),
        { ...emptyFork('payments'), revision: '0' },
      ]),
    ).toEqual({
      payments: { revision: 'The revision is a whole number, at least 1' },
    });
    expect(noForksProblem([])).toBe('Pick at least one service to fork');
    expect(noForksProblem([emptyFork('cart')])).toBeUndefined();
  });
});
