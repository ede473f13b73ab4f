import { findSecretValues } from './findSecretValues';
import { DEFAULT_SECRET_KEY_PATTERNS, isSecretKey } from './secretKeyPatterns';

const patterns = DEFAULT_SECRET_KEY_PATTERNS;
const secretPaths = (values: Record<string, unknown>) =>
  findSecretValues(values, { patterns }).map(f => f.path.join('.'));

describe('the default secret key patterns', () => {
  it('do not mask the plain `key` of tolerations, label selectors and secret references', () => {
    expect(
      secretPaths({
        tolerations: [
          { key: 'dedicated', operator: 'Equal', value: 'db' },
          { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
        ],
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: 'zone', operator: 'In' }] },
              ],
            },
          },
        },
        labels: { key: 'team-a' },
        env: [
          {
            name: 'DB_HOST',
            valueFrom: { secretKeyRef: { name: 'db', key: 'host' } },
          },
        ],
        monkey: 'x',
        hostKeyChecking: 'no',
      }),
    ).toEqual([]);
  });

  it('mask apiKey, db.password, auth.token and keys that name the key they hold', () => {
    expect(
      secretPaths({
        apiKey: 'k-1',
        db: { password: 'p', user: 'app' },
        auth: { token: 't' },
        ssh: { privateKey: 'pk' },
        s3: { accessKey: 'ak', secretKey: 'sk', bucket: 'b' },
        tls_key: 'tk',
        'license-key': 'lk',
        SIGNING_KEY: 'sg',
      }),
    ).toEqual([
      'apiKey',
      'db.password',
      'auth.token',
      'ssh.privateKey',
      's3.accessKey',
      's3.secretKey',
      'tls_key',
      'license-key',
      'SIGNING_KEY',
    ]);
  });

  it('read `*` in a configured pattern as a glob over the key as written', () => {
    expect(isSecretKey('tls_key', ['*_key'])).toBe(true);
    expect(isSecretKey('key', ['*_key'])).toBe(false);
    expect(isSecretKey('TLS_KEY', ['*_key'])).toBe(true);
    expect(isSecretKey('tls.key', ['*_key'])).toBe(false);
    expect(isSecretKey('pin2', ['pin*'])).toBe(true);
  });
});
