import { describeReadiness, workloadReadiness } from './workloadReadiness';

const meta = (generation = 2) => ({ name: 'cart', generation });

describe('workloadReadiness', () => {
  it('counts a Deployment done when all desired replicas are updated and ready', () => {
    const r = workloadReadiness({
      kind: 'Deployment',
      object: {
        metadata: meta(),
        spec: { replicas: 3, selector: {}, template: {} },
        status: {
          observedGeneration: 2,
          replicas: 3,
          updatedReplicas: 3,
          readyReplicas: 3,
        },
      },
    });
    expect(r).toEqual({
      kind: 'Deployment',
      name: 'cart',
      desired: 3,
      ready: 3,
      updated: 3,
      observed: true,
      done: true,
    });
  });

  it('is not done while a new spec is not observed, replicas are updating, or old pods remain', () => {
    const deployment = (status: object, generation = 2) =>
      workloadReadiness({
        kind: 'Deployment',
        object: {
          metadata: meta(generation),
          spec: { replicas: 3, selector: {}, template: {} },
          status: {
            observedGeneration: 2,
            replicas: 3,
            updatedReplicas: 3,
            readyReplicas: 3,
            ...status,
          },
        },
      });
    expect(deployment({}, 3)).toMatchObject({ observed: false, done: false });
    expect(deployment({ updatedReplicas: 1 }).done).toBe(false);
    expect(deployment({ readyReplicas: 1 }).done).toBe(false);
    expect(deployment({ replicas: 4, readyReplicas: 4 }).done).toBe(false);
  });

  it('defaults a Deployment to one replica and a missing status to nothing ready', () => {
    expect(
      workloadReadiness({
        kind: 'Deployment',
        object: { metadata: meta(1), spec: { selector: {}, template: {} } },
      }),
    ).toMatchObject({ desired: 1, ready: 0, updated: 0, done: false });
  });

  it('counts a Deployment scaled to zero done', () => {
    expect(
      workloadReadiness({
        kind: 'Deployment',
        object: {
          metadata: meta(),
          spec: { replicas: 0, selector: {}, template: {} },
          status: { observedGeneration: 2 },
        },
      }).done,
    ).toBe(true);
  });

  it('follows a StatefulSet, with partitions and OnDelete', () => {
    const sts = (spec: object, status: object) =>
      workloadReadiness({
        kind: 'StatefulSet',
        object: {
          metadata: meta(),
          spec: {
            replicas: 3,
            selector: {},
            serviceName: 's',
            template: {},
            ...spec,
          },
          status: {
            observedGeneration: 2,
            replicas: 3,
            readyReplicas: 3,
            ...status,
          },
        },
      });
    expect(sts({}, { updatedReplicas: 3 }).done).toBe(true);
    expect(sts({}, { updatedReplicas: 2 }).done).toBe(false);
    expect(
      sts(
        {
          updateStrategy: {
            type: 'RollingUpdate',
            rollingUpdate: { partition: 1 },
          },
        },
        { updatedReplicas: 2 },
      ).done,
    ).toBe(true);
    expect(sts({ updateStrategy: { type: 'OnDelete' } }, {}).done).toBe(true);
    expect(sts({}, { updatedReplicas: 3, readyReplicas: 2 })).toMatchObject({
      kind: 'StatefulSet',
      ready: 2,
      done: false,
    });
  });

  it('follows a DaemonSet by its scheduled numbers', () => {
    const ds = (status: object) =>
      workloadReadiness({
        kind: 'DaemonSet',
        object: {
          metadata: meta(),
          spec: { selector: {}, template: {} },
          status: {
            observedGeneration: 2,
            currentNumberScheduled: 3,
            numberMisscheduled: 0,
            desiredNumberScheduled: 3,
            numberReady: 3,
            updatedNumberScheduled: 3,
            ...status,
          },
        },
      });
    expect(ds({})).toMatchObject({ desired: 3, ready: 3, done: true });
    expect(ds({ numberReady: 2 }).done).toBe(false);
    expect(ds({ updatedNumberScheduled: 1 }).done).toBe(false);
  });
});

describe('describeReadiness', () => {
  it('says how many replicas are ready, and what else holds the rollout up', () => {
    const base = {
      kind: 'Deployment' as const,
      name: 'cart',
      desired: 3,
      ready: 1,
      updated: 3,
      observed: true,
      done: false,
    };
    expect(describeReadiness(base)).toBe('deployment cart: 1/3 ready');
    expect(
      describeReadiness({
        ...base,
        kind: 'StatefulSet',
        updated: 2,
        observed: false,
      }),
    ).toBe(
      'statefulset cart: 1/3 ready (2/3 updated, newest spec not yet observed)',
    );
  });
});
