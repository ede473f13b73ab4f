import { ResponseError } from '@backstage/errors';
import { BerthEnvironment, BerthProject } from '@berth/plugin-berth-common';

/**
 * What every domain part of the fake backend (environments, operations, ...)
 * needs of the rest of it.
 */
export interface FakeHost {
  environment(id: string): Promise<BerthEnvironment>;
  project(ref: string): Promise<BerthProject>;
  now(): string;
  actor(): string;
  /** Whether the caller is denied a permission, by name. */
  denied(permission: string): boolean;
  httpError(
    status: number,
    name: string,
    message: string,
  ): Promise<ResponseError>;
}

/** A failed response as the Berth client reports it: a ResponseError with the server's message. */
export async function httpError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const statusTexts: Record<number, string> = {
    400: 'Bad Request',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
  };
  const body = JSON.stringify({
    error: { name, message },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    status,
    statusText: statusTexts[status] ?? 'Error',
    headers: {
      get: (h: string) => (h === 'content-type' ? 'application/json' : null),
    },
    text: async () => body,
  } as unknown as Parameters<typeof ResponseError.fromResponse>[0]);
}
