import { ConfigReader, JsonObject } from '@backstage/config';
import {
  DEFAULT_RUNNER_IMAGE,
  readKubernetesJobSettings,
} from './readKubernetesJobSettings';

const read = (jobs: JsonObject) =>
  readKubernetesJobSettings(
    new ConfigReader({ berth: { workflows: { jobs } } }),
  );

describe('readKubernetesJobSettings', () => {
  it('has defaults', () => {
    expect(readKubernetesJobSettings(new ConfigReader({}))).toEqual({
      runnerImage: DEFAULT_RUNNER_IMAGE,
      tolerations: [],
      nodeSelector: {},
      namespaces: [],
      ttlSecondsAfterFinished: 600,
      pollIntervalMs: 1000,
      imagePullTimeoutMs: 120_000,
      defaultTimeoutSeconds: 3600,
    });
  });

  it('reads the real node toleration, node selector and image', () => {
    const settings = read({
      runnerImage: '127.0.0.1:5000/berth/jobrunner@sha256:ab',
      tolerations: [
        {
          key: 'berth.dev/real-node',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
        { key: 'dedicated', value: 'ci' },
      ],
      nodeSelector: { 'berth.dev/real-node': 'true' },
      namespaces: ['berth-builds'],
      pollIntervalMs: 200,
      imagePullTimeoutSeconds: 5,
    });
    expect(settings).toMatchObject({
      runnerImage: '127.0.0.1:5000/berth/jobrunner@sha256:ab',
      tolerations: [
        {
          key: 'berth.dev/real-node',
          operator: 'Exists',
          effect: 'NoSchedule',
        },
        { key: 'dedicated', operator: 'Equal', value: 'ci' },
      ],
      nodeSelector: { 'berth.dev/real-node': 'true' },
      namespaces: ['berth-builds'],
      pollIntervalMs: 200,
      imagePullTimeoutMs: 5000,
    });
  });

  it('refuses bad values, naming the key', () => {
    expect(() => read({ pollIntervalMs: 1 })).toThrow(
      'berth.workflows.jobs.pollIntervalMs must be a number from 50 to 60000, got 1',
    );
    expect(() =>
      read({ tolerations: [{ key: 'a', operator: 'Maybe' }] }),
    ).toThrow(
      'berth.workflows.jobs.tolerations[0].operator must be Equal or Exists',
    );
    expect(() =>
      read({ tolerations: [{ key: 'a', effect: 'Never' }] }),
    ).toThrow(/tolerations\[0\]\.effect must be one of/);
    expect(() =>
      read({ nodeSelector: { 'berth.dev/real-node': true } }),
    ).toThrow(
      "berth.workflows.jobs.nodeSelector['berth.dev/real-node'] must be a string",
    );
    expect(() => read({ tolerations: [{ operator: 'Exists' }] })).toThrow(
      /key/,
    );
  });
});
