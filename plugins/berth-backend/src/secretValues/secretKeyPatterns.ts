/**
 * The default patterns of `berth.values.secretKeyPatterns`. A bare `key` is
 * not among them: Kubernetes values use it for plain names (tolerations,
 * label selectors' `matchExpressions`, `secretKeyRef.key`); only keys that
 * say which key they hold are secret (`apiKey`, `privateKey`, `tls_key`).
 */
export const DEFAULT_SECRET_KEY_PATTERNS: readonly string[] = [
  'password',
  'passwd',
  'token',
  'secret',
  'credential',
  'credentials',
  'apiKey',
  'privateKey',
  'accessKey',
  'secretKey',
  'encryptionKey',
  'signingKey',
  '*_key',
  '*-key',
];

function normalize(key: string): string {
  return key.toLowerCase().replace(/[-_.]/g, '');
}

function globMatcher(pattern: string): RegExp {
  const parts = pattern
    .split('*')
    .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*')}$`, 'i');
}

/**
 * Whether a values key names a secret. A pattern with `*` is a glob over the
 * key as written, case-insensitively (`*_key` matches `tls_key`, not `key`);
 * any other pattern matches when, case-insensitively and ignoring `-`, `_`
 * and `.`, the key is the pattern or ends with it (`rootPassword`,
 * `api_token`, `apiKey`).
 */
export function isSecretKey(key: string, patterns: readonly string[]): boolean {
  const name = normalize(key);
  return patterns.some(pattern => {
    if (pattern.includes('*')) return globMatcher(pattern).test(key);
    const p = normalize(pattern);
    return p !== '' && name.endsWith(p);
  });
}
