import { injectLabels } from './injectLabels';

const labels = {
  'app.kubernetes.io/managed-by': 'berth',
  'berth.dev/environment': 'env-1',
  'backstage.io/kubernetes-id': 'cart',
};

const podTemplate = (extra: Record<string, string> = {}) => ({
  metadata: { labels: { app: 'cart', ...extra } },
  spec: { containers: [{ name: 'c', image: 'x:1' }] },
});

describe('injectLabels', () => {
  it('labels the metadata of any object, keeping its own labels', () => {
    expect(
      injectLabels(
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'c', labels: { team: 'shop' } },
          data: { a: '1' },
        },
        labels,
      ),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', labels: { team: 'shop', ...labels } },
      data: { a: '1' },
    });
  });

  it('adds metadata when there is none', () => {
    expect(injectLabels({ apiVersion: 'v1', kind: 'Secret' }, labels)).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { labels },
    });
  });

  it.each(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job'])(
    "labels a %s's pod template and leaves its selector alone",
    kind => {
      const object = {
        apiVersion: 'apps/v1',
        kind,
        metadata: { name: 'cart' },
        spec: {
          selector: { matchLabels: { app: 'cart' } },
          template: podTemplate(),
        },
      };
      const labelled = injectLabels(object, labels);
      expect(labelled.spec).toEqual({
        selector: { matchLabels: { app: 'cart' } },
        template: {
          metadata: { labels: { app: 'cart', ...labels } },
          spec: { containers: [{ name: 'c', image: 'x:1' }] },
        },
      });
      expect(labelled.metadata).toEqual({ name: 'cart', labels });
      // the input is not changed
      expect(object.spec.template.metadata.labels).toEqual({ app: 'cart' });
    },
  );

  it("labels a CronJob's job template and its pod template", () => {
    const labelled = injectLabels(
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'report' },
        spec: {
          schedule: '* * * * *',
          jobTemplate: { spec: { template: podTemplate() } },
        },
      },
      labels,
    );
    expect(labelled.spec).toEqual({
      schedule: '* * * * *',
      jobTemplate: {
        metadata: { labels },
        spec: {
          template: {
            metadata: { labels: { app: 'cart', ...labels } },
            spec: { containers: [{ name: 'c', image: 'x:1' }] },
          },
        },
      },
    });
  });

  it('keeps a pod template matching its selector when a label key collides', () => {
    const labelled = injectLabels(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {
          name: 'cart',
          labels: { 'app.kubernetes.io/managed-by': 'Helm' },
        },
        spec: {
          selector: {
            matchLabels: { 'app.kubernetes.io/managed-by': 'Helm' },
          },
          template: podTemplate({ 'app.kubernetes.io/managed-by': 'Helm' }),
        },
      },
      labels,
    );
    expect(labelled.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe(
      'berth',
    );
    const template = (labelled.spec as any).template;
    expect(template.metadata.labels).toEqual({
      app: 'cart',
      'app.kubernetes.io/managed-by': 'Helm',
      'berth.dev/environment': 'env-1',
      'backstage.io/kubernetes-id': 'cart',
    });
  });

  it('does not touch the spec of other kinds, e.g. a Service selector', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cart' },
      spec: { selector: { app: 'cart' }, template: { x: 1 } },
    };
    expect(injectLabels(service, labels).spec).toBe(service.spec);
  });

  it('labels the items of a List', () => {
    const list = injectLabels(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'b' },
            spec: { template: podTemplate() },
          },
        ],
      },
      labels,
    );
    expect('metadata' in list).toBe(false);
    const items = list.items as any[];
    expect(items[0].metadata.labels).toEqual(labels);
    expect(items[1].spec.template.metadata.labels).toEqual({
      app: 'cart',
      ...labels,
    });
  });
});
