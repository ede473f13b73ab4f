import { ResponseError } from '@backstage/errors';
import { berthError } from './berthErrors';

describe('berthError', () => {
  it("turns Berth's error answer into an error in Berth's words", async () => {
    const answer = new Response(
      JSON.stringify({
        error: {
          name: 'NotAllowedError',
          message: "You may not create environments of 'system:default/shop'",
        },
        request: { method: 'POST', url: '/projects/default/shop/environments' },
        response: { statusCode: 403 },
      }),
      {
        status: 403,
        statusText: 'Forbidden',
        headers: { 'content-type': 'application/json' },
      },
    );
    const error = berthError(await ResponseError.fromResponse(answer));
    expect(error).toMatchObject({
      name: 'NotAllowedError',
      message:
        "Berth answered 403: You may not create environments of 'system:default/shop'",
    });
  });

  it('leaves other errors as they are', () => {
    const other = new TypeError('fetch failed');
    expect(berthError(other)).toBe(other);
  });
});
