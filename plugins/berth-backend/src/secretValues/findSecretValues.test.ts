import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import { findSecretValues } from './findSecretValues';
import { DEFAULT_SECRET_KEY_PATTERNS, isSecretKey } from './secretKeyPatterns';
import { isWriteOnlyAt } from './schemaWriteOnly';
import { SecretValues } from './SecretValues';
import { SecretValueCipher, isSecretToken } from './SecretValueCipher';

const patterns = DEFAULT_SECRET_KEY_PATTERNS;
const paths = (values: Record<string, unknown>, schemas?: unknown[]) =>
  findSecretValues(values, { patterns, schemas }).map(f => f.path.join('.'));

describe('key patterns', () => {
  it.each([
    'password',
    'rootPassword',
    'ROOT_PASSWORD',
    'db-passwd',
    'apiKey',
    'api_token',
    'clientSecret',
    'credentials',
  ])('%s is secret', key => expect(isSecretKey(key, patterns)).toBe(true));

  it.each(['username', 'host', 'passwordFile2', 'tokenTTL', 'replicas'])(
    '%s is not',
    key => expect(isSecretKey(key, patterns)).toBe(false),
  );

  it('takes configured patterns instead of the defaults', () => {
    expect(isSecretKey('pin', ['pin'])).toBe(true);
    expect(isSecretKey('password', ['pin'])).toBe(false);
  });
});

describe('findSecretValues', () => {
  it('finds strings and numbers under secret keys, not booleans or maps', () => {
    expect(
      paths({
        auth: { rootPassword: 's3cret', username: 'app', pin: 1 },
        automountServiceAccountToken: false,
        token: ['a', 'b'],
        secret: { name: 'tls' },
        apiKey: 1234,
      }),
    ).toEqual(['auth.rootPassword', 'token.0', 'token.1', 'apiKey']);
  });

  it('finds what a user marks { $secret: value }, with its value', () => {
    const found = findSecretValues(
      { db: { host: { $secret: 'h' } } },
      { patterns },
    );
    expect(found).toEqual([{ path: ['db', 'host'], value: 'h', marked: true }]);
  });

  it("finds what a chart's schema marks writeOnly, whole", () => {
    const schema = {
      type: 'object',
      properties: {
        conn: { type: 'string', writeOnly: true },
        users: {
          type: 'array',
          items: { properties: { pin: { writeOnly: true } } },
        },
        tls: { allOf: [{ properties: { cert: { writeOnly: true } } }] },
        extra: { additionalProperties: { writeOnly: true } },
      },
    };
    expect(
      paths(
        {
          conn: 'postgres://x',
          users: [{ name: 'a', pin: '1' }],
          tls: { cert: { pem: 'x', chain: 'y' } },
          extra: { anything: 'x' },
          plain: 'x',
        },
        [schema],
      ),
    ).toEqual(['conn', 'users.0.pin', 'tls.cert', 'extra.anything']);
  });
});

describe('isWriteOnlyAt', () => {
  it('is true below a writeOnly map and false elsewhere', () => {
    const schema = { properties: { a: { writeOnly: true } } };
    expect(isWriteOnlyAt(schema, ['a', 'b'])).toBe(true);
    expect(isWriteOnlyAt(schema, ['b'])).toBe(false);
    expect(isWriteOnlyAt(undefined, ['a'])).toBe(false);
  });
});

describe('SecretValues', () => {
  const secrets = new SecretValues(
    new SecretValueCipher('a test key of enough length'),
  );

  it('seals secret values in place, keeping comments, and opens them for helm', () => {
    const text =
      '# database\nauth:\n  rootPassword: s3cret # root\n  user: app\n';
    const sealed = secrets.sealYaml(text, { source: 'values' });
    expect(sealed).not.toContain('s3cret');
    expect(sealed).toContain('# database');
    expect(sealed).toContain('user: app');
    const token = /rootPassword: (\S+)/.exec(sealed)![1];
    expect(isSecretToken(token)).toBe(true);
    const opened = secrets.open(
      { auth: { rootPassword: token, user: 'app' }, list: [token, 'x'] },
      'values',
    );
    expect(opened.secretValues).toEqual({
      auth: { rootPassword: 's3cret' },
      list: ['s3cret', 'x'],
    });
    expect(opened.plaintexts).toEqual(['s3cret', 's3cret']);
  });

  it('keeps the stored value for the mask, and refuses a mask with nothing stored', () => {
    const first = secrets.sealYaml('password: one\n', { source: 'values' });
    const again = secrets.sealYaml(`password: ${SECRET_VALUE_MASK}\n`, {
      source: 'values',
      current: first,
    });
    expect(again).toBe(first);
    expect(() =>
      secrets.sealYaml(`password: ${SECRET_VALUE_MASK}\n`, { source: 'v' }),
    ).toThrow("v: password is given as the mask '••••'");
  });

  it('seals --set values with their --set type', () => {
    const sealed = secrets.sealSet(
      { 'auth.token': '1234', replicas: '2' },
      { source: 'set' },
    )!;
    expect(sealed.replicas).toBe('2');
    expect(
      secrets.open({ auth: { token: sealed['auth.token'] } }, 'set')
        .secretValues,
    ).toEqual({ auth: { token: 1234 } });
  });

  it('refuses secret values when no key is configured, naming the path', () => {
    const keyless = new SecretValues(new SecretValueCipher(undefined));
    expect(() =>
      keyless.sealYaml('auth:\n  password: x\n', { source: 'values' }),
    ).toThrow(
      'values: auth.password is a secret value, but no key to store secret values is configured (berth.values.encryptionKey)',
    );
    expect(keyless.sealYaml('host: x\n', { source: 'values' })).toBe(
      'host: x\n',
    );
  });
});
