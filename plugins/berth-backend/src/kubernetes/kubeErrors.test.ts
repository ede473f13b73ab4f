import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ClusterTimeoutError } from './ClusterTimeoutError';
import {
  kubeError,
  kubeErrorMessage,
  kubeStatusCode,
  withKubeError,
} from './kubeErrors';

describe('kubeErrors', () => {
  it('reads the status code', () => {
    expect(kubeStatusCode({ code: 404 })).toBe(404);
    expect(
      kubeStatusCode(Object.assign(new Error('x'), { code: 'ECONNREFUSED' })),
    ).toBeUndefined();
    expect(kubeStatusCode(undefined)).toBeUndefined();
  });

  it("prefers the API server's Status message, parsed or not", () => {
    const status = {
      kind: 'Status',
      message: 'namespaces "x" not found',
      code: 404,
    };
    expect(kubeErrorMessage({ code: 404, body: status })).toBe(
      'namespaces "x" not found',
    );
    expect(kubeErrorMessage({ code: 404, body: JSON.stringify(status) })).toBe(
      'namespaces "x" not found',
    );
    expect(kubeErrorMessage({ code: 500, body: ' plain text\n' })).toBe(
      'plain text',
    );
  });

  it('falls back to the error message, and explains a bare 401', () => {
    expect(kubeErrorMessage(new Error('connect ECONNREFUSED'))).toBe(
      'connect ECONNREFUSED',
    );
    expect(
      kubeErrorMessage(
        Object.assign(new Error('HTTP-Code: 401'), { code: 401 }),
      ),
    ).toBe('the API server did not accept the credentials (HTTP 401)');
  });

  it('maps statuses to Backstage errors named after what failed', () => {
    const body = { message: 'nope' };
    const cases: Array<[number | undefined, Function]> = [
      [400, InputError],
      [422, InputError],
      [403, NotAllowedError],
      [404, NotFoundError],
      [409, ConflictError],
      [undefined, ServiceUnavailableError],
    ];
    for (const [code, type] of cases) {
      const error = kubeError("Could not read 'x'", { code, body });
      expect(error).toBeInstanceOf(type);
      expect(error.message).toBe("Could not read 'x': nope");
      expect(kubeStatusCode(error)).toBe(code);
    }
    const other = kubeError('Could not read', { code: 500, body });
    expect(other.name).toBe('Error');
    expect(other.message).toBe('Could not read: nope');
  });

  it('keeps a request that timed out a ClusterTimeoutError, naming the cluster', () => {
    const timeout = ClusterTimeoutError.forRequest(
      'local-east',
      5000,
      'GET /api/v1/namespaces/x',
    );
    const error = kubeError("Could not read namespace 'x'", timeout);
    expect(error).toBeInstanceOf(ClusterTimeoutError);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toBe(
      "Could not read namespace 'x': Cluster 'local-east' did not answer within 5 s (GET /api/v1/namespaces/x)",
    );
    expect(error).toMatchObject({ cluster: 'local-east', timeoutMs: 5000 });
    expect(kubeStatusCode(error)).toBeUndefined();
  });

  it('passes on what a call resolves with, and wraps what it rejects with', async () => {
    await expect(
      withKubeError('Could not read pod p', async () => 'answer'),
    ).resolves.toBe('answer');
    const failed = withKubeError('Could not read pod p', async () => {
      throw Object.assign(new Error('HTTP-Code: 404'), {
        code: 404,
        body: { message: 'pods "p" not found' },
      });
    });
    await expect(failed).rejects.toBeInstanceOf(NotFoundError);
    await expect(failed).rejects.toThrow(
      'Could not read pod p: pods "p" not found',
    );
    await expect(failed).rejects.toMatchObject({ statusCode: 404 });
  });
});
