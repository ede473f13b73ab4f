import { buildJobInputSchema, defaultTag } from './buildJobInput';

const valid = {
  repo: 'http://10.246.0.1:8080/shop.git',
  revision: 'main',
  image: '127.0.0.1:5000/shop/web',
};

describe('the build job input', () => {
  it('accepts a build and fills the defaults', () => {
    expect(buildJobInputSchema.parse(valid)).toEqual({
      ...valid,
      context: '.',
      file: 'Dockerfile',
    });
    const full = {
      ...valid,
      revision: 'a'.repeat(40),
      image: 'registry.example.com/team/app',
      tag: 'v1.2.3',
      context: 'services/web',
      file: 'docker/Dockerfile.prod',
      builder: 'buildkit',
      buildArgs: { VERSION: '1.2.3', _X: '' },
    };
    expect(buildJobInputSchema.parse(full)).toEqual(full);
    expect(buildJobInputSchema.parse({ ...valid, image: 'app' }).image).toBe(
      'app',
    );
  });

  it.each([
    [{ repo: 'ftp://host/repo.git' }, 'repo'],
    [{ repo: 'not a url' }, 'repo'],
    [{ repo: 'https://host/repo.git#main' }, 'repo'],
    [{ revision: '' }, 'revision'],
    [{ revision: '--upload-pack=x' }, 'revision'],
    [{ revision: 'a..b' }, 'revision'],
    [{ revision: 'main:sub' }, 'revision'],
    [{ revision: 'has space' }, 'revision'],
    [{ image: 'Registry/UPPER' }, 'image'],
    [{ image: 'host/app:tag' }, 'image'],
    [{ image: 'host/app@sha256:abc' }, 'image'],
    [{ tag: 'bad tag' }, 'tag'],
    [{ tag: '.hidden' }, 'tag'],
    [{ context: '../outside' }, 'context'],
    [{ context: '/abs' }, 'context'],
    [{ file: 'a/../../b' }, 'file'],
    [{ file: 'Dockerfile#x' }, 'file'],
    [{ builder: 'kaniko' }, 'builder'],
    [{ buildArgs: { 'BAD-NAME': 'x' } }, 'buildArgs'],
    [{ extra: true }, ''],
  ])('refuses %j (path %s)', (change, path) => {
    const result = buildJobInputSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path.join('.')).toContain(path);
  });

  it('makes a tag of the revision when the job names none', () => {
    expect(defaultTag('a1b2c3d4e5f6'.padEnd(40, '0'))).toBe('a1b2c3d4e5f6');
    expect(defaultTag('main')).toBe('main');
    expect(defaultTag('refs/heads/feature/login')).toBe('feature-login');
    expect(defaultTag('refs/tags/v1.2.0')).toBe('v1.2.0');
    expect(defaultTag('release@2026')).toBe('release-2026');
  });
});
