import { scriptOf, scriptPod } from './scriptPod';

const RUNNER = 'registry.local/berth/jobrunner@sha256:ab';

describe('scriptOf', () => {
  it('keeps a script and runs a list with set -e', () => {
    expect(scriptOf('echo a\necho b')).toBe('echo a\necho b');
    expect(scriptOf(['make', 'make test'])).toBe('set -e\nmake\nmake test');
  });
});

describe('scriptPod', () => {
  it('runs the script through the job runner image, outputs in an emptyDir', () => {
    expect(
      scriptPod({ commands: ['make'], env: { A: '1' }, runnerImage: RUNNER }),
    ).toEqual({
      containers: [
        {
          name: 'job',
          image: RUNNER,
          args: ['set -e\nmake'],
          env: [
            { name: 'A', value: '1' },
            { name: 'OUTPUTS_PATH', value: '/berth/outputs.json' },
          ],
          volumeMounts: [{ name: 'berth', mountPath: '/berth' }],
          terminationMessagePolicy: 'File',
        },
      ],
      volumes: [{ name: 'berth', emptyDir: {} }],
    });
  });

  it('copies the runner into another image and passes the JUnit globs', () => {
    const pod = scriptPod({
      image: 'node:22',
      commands: 'npm test',
      junit: ['reports/**/*.xml', 'junit.xml'],
      runnerImage: RUNNER,
    });
    expect(pod.initContainers).toEqual([
      {
        name: 'berth-tools',
        image: RUNNER,
        command: ['/bin/cp', '/bin/jobrunner', '/berth-tools/jobrunner'],
        volumeMounts: [{ name: 'berth-tools', mountPath: '/berth-tools' }],
      },
    ]);
    expect(pod.containers[0]).toMatchObject({
      image: 'node:22',
      command: ['/berth-tools/jobrunner'],
      args: ['npm test'],
      volumeMounts: [
        { name: 'berth', mountPath: '/berth' },
        { name: 'berth-tools', mountPath: '/berth-tools' },
      ],
    });
    expect(pod.containers[0].env).toContainEqual({
      name: 'JUNIT_PATHS',
      value: 'reports/**/*.xml\njunit.xml',
    });
    expect(pod.volumes).toEqual([
      { name: 'berth', emptyDir: {} },
      { name: 'berth-tools', emptyDir: {} },
    ]);
  });
});
