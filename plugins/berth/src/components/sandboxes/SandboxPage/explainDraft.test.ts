import { emptyExplainDraft, toExplainRequest } from './explainDraft';

describe('explain drafts', () => {
  it('sends the path, host and method only when they are filled', () => {
    const draft = emptyExplainDraft('cart', 'X-Env: alice');
    expect(toExplainRequest(draft)).toEqual({
      service: 'cart',
      headers: { 'x-env': 'alice' },
    });
    expect(
      toExplainRequest({
        ...draft,
        path: ' /cart ',
        host: ' alice.shop.test ',
        method: 'POST',
      }),
    ).toEqual({
      service: 'cart',
      headers: { 'x-env': 'alice' },
      path: '/cart',
      host: 'alice.shop.test',
      method: 'POST',
    });
    expect(toExplainRequest({ ...draft, path: ' ', host: ' ' })).toEqual({
      service: 'cart',
      headers: { 'x-env': 'alice' },
    });
  });
});
