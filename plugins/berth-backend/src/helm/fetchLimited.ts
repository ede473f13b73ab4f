import { InputError, NotFoundError } from '@backstage/errors';

/** Basic-auth credentials for a chart repository or registry. */
export interface BasicAuth {
  username?: string;
  password?: string;
}

export function basicAuthHeader(auth?: BasicAuth): Record<string, string> {
  if (!auth?.username && !auth?.password) return {};
  return {
    authorization: `Basic ${Buffer.from(
      `${auth.username ?? ''}:${auth.password ?? ''}`,
    ).toString('base64')}`,
  };
}

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * GETs a URL with a deadline and a size limit, turning every failure into an
 * error that names the host: InputError when it cannot be reached, does not
 * answer in time, refuses the credentials or answers too much; NotFoundError
 * on 404.
 */
export async function fetchLimited(
  url: string,
  options: {
    what: string;
    timeoutMs: number;
    maxBytes: number;
    headers?: Record<string, string>;
  },
): Promise<Buffer> {
  const host = hostOf(url);
  const seconds = Math.round(options.timeoutMs / 100) / 10;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, {
      headers: options.headers,
      signal,
      redirect: 'follow',
    });
  } catch (error) {
    if (signal.aborted) {
      throw new InputError(
        `${options.what} at ${host} did not answer within ${seconds} s`,
      );
    }
    const cause = (error as { cause?: { code?: string; message?: string } })
      .cause;
    throw new InputError(
      `${options.what} at ${host} cannot be reached: ${
        cause?.code ?? cause?.message ?? (error as Error).message
      }`,
    );
  }
  if (response.status === 401 || response.status === 403) {
    await response.body?.cancel();
    throw new InputError(
      `${options.what} at ${host} refused access (HTTP ${response.status}); check the credentials configured for it`,
    );
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new NotFoundError(`${options.what} at ${host}: ${url} not found`);
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new InputError(
      `${options.what} at ${host} answered HTTP ${response.status} for ${url}`,
    );
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > options.maxBytes) {
    await response.body?.cancel();
    throw new InputError(
      `${options.what} at ${host}: ${url} is ${declared} bytes, more than the limit of ${options.maxBytes}`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.length;
      if (size > options.maxBytes) {
        throw new InputError(
          `${options.what} at ${host}: ${url} is more than the limit of ${options.maxBytes} bytes`,
        );
      }
      chunks.push(Buffer.from(chunk));
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `${options.what} at ${host} did not send ${url} completely${
        signal.aborted ? ` within ${seconds} s` : ''
      }: ${(error as Error).message}`,
    );
  }
  return Buffer.concat(chunks);
}
