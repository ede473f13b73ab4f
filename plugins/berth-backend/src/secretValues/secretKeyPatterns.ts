/**
 * The default patterns of `berth.values.secretKeyPatterns`: a value whose
 * key (the last key of its path) ends with one of these is secret.
 */
export const DEFAULT_SECRET_KEY_PATTERNS: readonly string[] = [
  'password',
  'passwd',
  'token',
  'secret',
  'key',
  'credential',
  'credentials',
  'apiKey',
];

function normalize(key: string): string {
  return key.toLowerCase().replace(/[-_.]/g, '');
}

/**
 * Whether a values key names a secret: case-insensitively, ignoring `-`,
 * `_` and `.`, the key is one of the patterns or ends with one
 * (`rootPassword`, `api_token`, `apiKey`).
 */
export function isSecretKey(key: string, patterns: readonly string[]): boolean {
  const name = normalize(key);
  return patterns.some(pattern => {
    const p = normalize(pattern);
    return p !== '' && name.endsWith(p);
  });
}
