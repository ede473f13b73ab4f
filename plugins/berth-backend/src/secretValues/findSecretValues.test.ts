import { SECRET_VALUE_MASK } from '@berth/plugin-berth-common';
import { findSecretValues } from './findSecretValues';
import { DEFAULT_SECRET_KEY_PATTERNS, isSecretKey } from './secretKeyPatterns';
import { isWriteOnlyAt } from './schemaWriteOnly';
import { SecretValues } from './SecretValues';
import { SecretValueCipher } from './SecretValueCipher';
import { isSecretRef, secretRefIds } from './secretRefs';
import { SecretWrites } from './SecretValueStore';

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
  const cipher = new SecretValueCipher('a test key of enough length');
  const secrets = new SecretValues(cipher);

  it('replaces secret values by references in place, keeping comments, and reads them for helm', async () => {
    const text =
      '# database\nauth:\n  rootPassword: s3cret # root\n  user: app\n';
    const writes = new SecretWrites();
    const sealed = secrets.sealYaml(text, { source: 'values', writes });
    expect(sealed).not.toContain('s3cret');
    expect(sealed).toContain('# database');
    expect(sealed).toContain('user: app');
    const ref = /rootPassword: (\S+)/.exec(sealed)![1];
    expect(isSecretRef(ref)).toBe(true);
    // The value is only in what the caller stores, under the ref's id.
    expect(Object.values(writes.entries)).toEqual(['s3cret']);
    expect(secretRefIds(sealed)).toEqual(Object.keys(writes.entries));
    // A token sealed before opens with the key, beside references.
    const legacy = cipher.seal('old', 'test');
    const opened = await secrets.open(
      {
        auth: { rootPassword: ref, user: 'app' },
        list: [ref, 'x'],
        old: legacy,
      },
      'values',
      [],
      writes.entries,
    );
    expect(opened.secretValues).toEqual({
      auth: { rootPassword: 's3cret' },
      list: ['s3cret', 'x'],
      old: 'old',
    });
    expect(opened.plaintexts).toEqual(['s3cret', 's3cret', 'old']);
    expect(opened.entries).toEqual(writes.entries);
  });

  it('keeps the stored value for the mask, and refuses a mask or a reference with nothing stored', () => {
    const writes = new SecretWrites();
    const first = secrets.sealYaml('password: one\n', {
      source: 'values',
      writes,
    });
    const again = new SecretWrites();
    expect(
      secrets.sealYaml(`password: ${SECRET_VALUE_MASK}\n`, {
        source: 'values',
        current: first,
        writes: again,
      }),
    ).toBe(first);
    expect(again.empty).toBe(true);
    expect(() =>
      secrets.sealYaml(`password: ${SECRET_VALUE_MASK}\n`, {
        source: 'v',
        writes,
      }),
    ).toThrow("v: password is given as the mask '••••'");
    // A reference that is not this value's (another's, pasted) is refused.
    expect(() =>
      secrets.sealYaml(first, { source: 'v', writes: new SecretWrites() }),
    ).toThrow("v: password is given as the mask '••••'");
  });

  it('takes over the values a copy inherits, under the same references', () => {
    const source = new SecretWrites();
    const text = secrets.sealYaml('token: abc\n', {
      source: 'values',
      writes: source,
    });
    const copy = new SecretWrites(source.entries);
    expect(secrets.sealYaml(text, { source: 'copy', writes: copy })).toBe(text);
    expect(copy.entries).toEqual(source.entries);
  });

  it('seals --set values with their --set type', async () => {
    const writes = new SecretWrites();
    const sealed = secrets.sealSet(
      { 'auth.token': '1234', replicas: '2' },
      { source: 'set', writes },
    )!;
    expect(sealed.replicas).toBe('2');
    expect(
      (
        await secrets.open(
          { auth: { token: sealed['auth.token'] } },
          'set',
          [],
          writes.entries,
        )
      ).secretValues,
    ).toEqual({ auth: { token: 1234 } });
  });

  it('needs no key for new values; a token sealed before opens only with the key, and the migration turns it into a reference', async () => {
    const keyless = new SecretValues(new SecretValueCipher(undefined));
    const writes = new SecretWrites();
    expect(
      isSecretRef(
        /password: (\S+)/.exec(
          keyless.sealYaml('auth:\n  password: x\n', {
            source: 'values',
            writes,
          }),
        )![1],
      ),
    ).toBe(true);
    expect(keyless.sealYaml('host: x\n', { source: 'values', writes })).toBe(
      'host: x\n',
    );
    const legacy = cipher.seal('sealed', 'test');
    await expect(
      keyless.open({ password: legacy }, 'values', []),
    ).rejects.toThrow(
      'values: password is a stored secret value, but no key to open it is configured (berth.values.encryptionKey)',
    );
    const moved = new SecretWrites();
    const migrated = secrets.sealYaml(`password: ${legacy}\n`, {
      source: 'values',
      current: `password: ${legacy}\n`,
      writes: moved,
      migrate: true,
    });
    expect(migrated).not.toContain('berth-secret:v1:');
    expect(Object.values(moved.entries)).toEqual(['sealed']);
  });
});
