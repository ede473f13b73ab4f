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
