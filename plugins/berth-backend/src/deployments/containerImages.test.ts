import { containerImages, manifestImages } from './containerImages';

describe('manifestImages', () => {
  it('lists the images of every workload of a rendered manifest once', () => {
    const manifest = `---
# Source: cache/templates/service.yaml
apiVersion: v1
kind: Service
metadata: { name: cache }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: cache }
spec:
  template:
    spec:
      initContainers:
        - { name: init, image: "docker.io/bitnami/os-shell:12" }
      containers:
        - { name: redis, image: "docker.io/bitnami/redis:7.2" }
        - { name: metrics, image: "quay.io/acme/exporter:1" }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: backup }
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - { name: backup, image: "docker.io/bitnami/redis:7.2" }
`;
    expect(manifestImages(manifest)).toEqual([
      'docker.io/bitnami/os-shell:12',
      'docker.io/bitnami/redis:7.2',
      'quay.io/acme/exporter:1',
    ]);
  });

  it('gives nothing for a manifest that is not YAML, and skips empty images', () => {
    expect(manifestImages('a: [')).toBeUndefined();
    expect(
      containerImages([
        {
          kind: 'Pod',
          spec: { containers: [{ image: '' }, { image: 'x:1' }] },
        },
      ]),
    ).toEqual(['x:1']);
  });
});
