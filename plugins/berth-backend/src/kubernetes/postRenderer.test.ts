import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLabelPostRenderer } from './postRenderer';

function runRenderer(executable: string, input: string) {
  return new Promise<{ code: number; stdout: string; stderr: string }>(
    resolve => {
      const child = execFile(executable, [], (error, stdout, stderr) =>
        resolve({
          code: error ? Number(error.code) : 0,
          stdout: String(stdout),
          stderr: String(stderr),
        }),
      );
      child.stdin!.end(input);
    },
  );
}

describe('startLabelPostRenderer', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'berth-post-renderer-test-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('writes an executable that labels what Helm pipes through it', async () => {
    const renderer = await startLabelPostRenderer(dir, {
      'berth.dev/service': 'cart',
    });
    try {
      expect((await stat(renderer.executable)).mode & 0o777).toBe(0o700);
      const result = await runRenderer(
        renderer.executable,
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
      );
      expect(result).toEqual({
        code: 0,
        stderr: '',
        stdout:
          '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    berth.dev/service: cart\n',
      });
    } finally {
      await renderer.close();
    }
  });

  it('fails with a message when the manifests are not YAML', async () => {
    const renderer = await startLabelPostRenderer(dir, { a: 'b' });
    try {
      const result = await runRenderer(renderer.executable, 'a: [\n');
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(
        /^The rendered manifests are not valid YAML/,
      );
    } finally {
      await renderer.close();
    }
  });

  it('runs the check on the parsed objects first: a refusal fails Helm with its message, outputs nothing, and is kept', async () => {
    const seen: unknown[] = [];
    const renderer = await startLabelPostRenderer(
      dir,
      { a: 'b' },
      {
        check: async objects => {
          seen.push(...objects);
          throw new Error('ClusterRole/x (cluster-scoped) refused');
        },
      },
    );
    try {
      const result = await runRenderer(
        renderer.executable,
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: x\n---\n',
      );
      expect(result).toEqual({
        code: 1,
        stdout: '',
        stderr: 'ClusterRole/x (cluster-scoped) refused',
      });
      expect(seen).toEqual([
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          metadata: { name: 'x' },
        },
      ]);
      expect(renderer.refusal()?.message).toBe(
        'ClusterRole/x (cluster-scoped) refused',
      );
    } finally {
      await renderer.close();
    }
  });

  it('labels as usual when the check passes, and keeps no refusal', async () => {
    const renderer = await startLabelPostRenderer(
      dir,
      { a: 'b' },
      { check: async () => undefined },
    );
    try {
      const result = await runRenderer(
        renderer.executable,
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
      );
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('a: b');
      expect(renderer.refusal()).toBeUndefined();
    } finally {
      await renderer.close();
    }
  });

  it('fails when the process that labels is gone', async () => {
    const renderer = await startLabelPostRenderer(dir, { a: 'b' });
    await renderer.close();
    const result = await runRenderer(renderer.executable, 'a: 1\n');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^berth post-renderer: connect/);
  });
});
