import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader, JsonObject } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { BerthProject, ServiceSpec } from '@berth/plugin-berth-common';
import {
  AdmissionregistrationV1Api,
  CoreV1Api,
  RbacAuthorizationV1Api,
} from '@kubernetes/client-node';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { createBerthServices } from '../createBerthServices';
import { applyDatabaseMigrations } from '../database/migrations';
import { EnvironmentService } from '../environments/EnvironmentService';
import { StoredEnvironment } from '../model/environment';
import { requestDeployerToken } from '../kubernetes/deployerToken';
import { kubeStatusCode } from '../kubernetes/kubeErrors';
import { ProjectService } from '../projects/ProjectService';
import {
  kubeConfigFor,
  testClusters,
  testNamespaces,
  waitFor,
} from '../__testUtils__/testClusters';

// Deploys run as the environment's deployer identity (ServiceAccount
// berth-deployer, bound to the namespace-scoped `admin` role), and rendered
// objects are checked before anything is applied, on a local cluster.
jest.setTimeout(300_000);

const [east] = testClusters();
const prefix = `di-${randomBytes(3).toString('hex')}`;
const projectRef = `system:default/${prefix}`;
const actor = 'user:default/ada';
const SECRET_VALUE = `s3cret-${randomBytes(6).toString('hex')}`;

/** A chart that creates a ClusterRole, a webhook and a Secret in kube-system (and a ConfigMap of its own). */
const REACH = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Values.prefix }}-inside
data:
  a: b
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ .Values.prefix }}-reader
rules: []
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingWebhookConfiguration
metadata:
  name: {{ .Values.prefix }}-hook
webhooks:
  - name: nothing.berth-test.invalid
    admissionReviewVersions: [v1]
    sideEffects: None
    failurePolicy: Ignore
    clientConfig:
      url: https://127.0.0.1:9/never
    rules:
      - apiGroups: [berth-test.invalid]
        apiVersions: [v1]
        operations: [CREATE]
        resources: [nothings]
---
apiVersion: v1
kind: Secret
metadata:
  name: {{ .Values.prefix }}-planted
  namespace: kube-system
stringData:
  planted: "yes"
`;

/** A chart that looks a Secret up and writes what it found into a ConfigMap. */
const PEEK = `{{- $found := lookup "v1" "Secret" (.Values.lookupNamespace | default .Release.Namespace) .Values.secretName }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Values.configMap }}
data:
  found: {{ if $found }}{{ $found.metadata.name }}{{ else }}none{{ end }}
  data: {{ if $found }}{{ $found.data | toJson | quote }}{{ else }}none{{ end }}
`;

/** A chart whose pre-install hook (which post-renderers never see) creates a ClusterRole. */
const HOOKED = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ .Values.prefix }}-hooked
  annotations:
    helm.sh/hook: pre-install
rules: []
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Values.prefix }}-after-hook
data:
  a: b
`;

function writeChart(root: string, name: string, template: string): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(
    join(dir, 'Chart.yaml'),
    `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
  );
  writeFileSync(join(dir, 'templates', 'objects.yaml'), template);
  return dir;
}

describe('the deployer identity', () => {
  const chartRoot = mkdtempSync(join(tmpdir(), 'berth-deployer-charts-'));
  const others = testNamespaces(east, `${prefix}-other`);
  const admin = kubeConfigFor(east);
  const core = admin.makeApiClient(CoreV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  const admission = admin.makeApiClient(AdmissionregistrationV1Api);
  const wideRole = `${prefix}-cluster-deployer`;
  let knex: Knex;
  let project: BerthProject;
  let strict: { environments: EnvironmentService; projects: ProjectService };
  let open: { environments: EnvironmentService };
  let otherNamespace: string;
  const created: StoredEnvironment[] = [];

  function services(deployer?: JsonObject) {
    const config = JSON.parse(
      readFileSync(process.env.BERTH_TEST_APP_CONFIG!, 'utf8'),
    );
    const berth = createBerthServices({
      config: new ConfigReader({
        berth: {
          helm: { binary: join(east.bin, 'helm'), chartRoot },
          demo: { rootDir: chartRoot },
          deploy: { groupTimeoutSeconds: 60 },
          ...(deployer && { clusters: { [east.name]: { deployer } } }),
        },
      }),
      knex,
      clusters: ClusterRegistry.fromConfig(new ConfigReader(config)),
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    return {
      environments: berth.environmentService,
      projects: berth.projects,
      projectStore: berth.projectStore,
    };
  }

  async function createEnvironment(
    service: EnvironmentService,
    name: string,
  ): Promise<StoredEnvironment> {
    const [plan] = await service.plan(project, [
      { name, cluster: east.name, tier: 'development' },
    ]);
    const [environment] = await service.create([plan], actor);
    created.push(environment);
    return environment;
  }

  async function exists(read: () => Promise<unknown>): Promise<boolean> {
    try {
      await read();
      return true;
    } catch (error) {
      if (kubeStatusCode(error) === 404) return false;
      throw error;
    }
  }

  const reachObjects = () => ({
    clusterRole: () => rbac.readClusterRole({ name: `${prefix}-reader` }),
    webhook: () =>
      admission.readValidatingWebhookConfiguration({ name: `${prefix}-hook` }),
    planted: () =>
      core.readNamespacedSecret({
        name: `${prefix}-planted`,
        namespace: 'kube-system',
      }),
  });

  beforeAll(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    await applyDatabaseMigrations(knex);
    const chartSpec = (chart: string, values: string): ServiceSpec => ({
      kind: 'helm',
      chart: { type: 'path', path: join(chartRoot, chart) },
      values,
      images: [],
    });
    writeChart(chartRoot, 'reach', REACH);
    writeChart(chartRoot, 'peek', PEEK);
    writeChart(chartRoot, 'hooked', HOOKED);

    otherNamespace = await others.create();
    await core.createNamespacedSecret({
      namespace: otherNamespace,
      body: {
        metadata: { name: 'peek-target' },
        stringData: { password: SECRET_VALUE },
      },
    });
    // What a platform team would grant a trusted cluster's deployers for
    // the kinds it allows: here exactly what the reach chart needs.
    await rbac.createClusterRole({
      body: {
        metadata: { name: wideRole },
        rules: [
          {
            apiGroups: ['rbac.authorization.k8s.io'],
            resources: ['clusterroles'],
            verbs: [
              'get',
              'list',
              'watch',
              'create',
              'update',
              'patch',
              'delete',
            ],
          },
          {
            apiGroups: ['admissionregistration.k8s.io'],
            resources: ['validatingwebhookconfigurations'],
            verbs: [
              'get',
              'list',
              'watch',
              'create',
              'update',
              'patch',
              'delete',
            ],
          },
          {
            apiGroups: [''],
            resources: ['secrets'],
            verbs: [
              'get',
              'list',
              'watch',
              'create',
              'update',
              'patch',
              'delete',
            ],
          },
        ],
      },
    });

    const strictServices = services();
    strict = strictServices;
    open = services({
      clusterWideRole: wideRole,
      allowedClusterKinds: ['ClusterRole', 'ValidatingWebhookConfiguration'],
      allowedNamespaces: ['kube-system'],
    });
    await strictServices.projectStore.upsert({
      ref: projectRef,
      name: prefix,
      ownerRef: 'group:default/team-int',
    });
    const specs: Record<string, ServiceSpec> = {
      reach: chartSpec('reach', `prefix: ${prefix}\n`),
      peek: chartSpec(
        'peek',
        `lookupNamespace: ${otherNamespace}\nsecretName: peek-target\nconfigMap: peek\n`,
      ),
      'peek-own': chartSpec(
        'peek',
        'secretName: own-secret\nconfigMap: peek-own\n',
      ),
      hooked: chartSpec('hooked', `prefix: ${prefix}\n`),
    };
    for (const [name, spec] of Object.entries(specs)) {
      await strict.projects.createService(
        projectRef,
        { name, componentRef: `component:default/${name}`, spec },
        actor,
      );
    }
    project = await strict.projects.getProject(projectRef);
  });

  afterAll(async () => {
    const ignore = () => undefined;
    for (const environment of created) {
      await core.deleteNamespace({ name: environment.namespace }).catch(ignore);
    }
    await others.cleanUp().catch(ignore);
    await rbac.deleteClusterRole({ name: `${prefix}-reader` }).catch(ignore);
    await rbac.deleteClusterRole({ name: `${prefix}-hooked` }).catch(ignore);
    await rbac.deleteClusterRole({ name: wideRole }).catch(ignore);
    await admission
      .deleteValidatingWebhookConfiguration({ name: `${prefix}-hook` })
      .catch(ignore);
    await core
      .deleteNamespacedSecret({
        name: `${prefix}-planted`,
        namespace: 'kube-system',
      })
      .catch(ignore);
    await knex?.destroy();
  });

  describe('on a cluster with the default settings', () => {
    let environment: StoredEnvironment;

    beforeAll(async () => {
      environment = await createEnvironment(strict.environments, 'dev');
    });

    it('is ensured with the namespace: a ServiceAccount bound to the admin ClusterRole in the namespace only', async () => {
      const { namespace } = environment;
      await core.readNamespacedServiceAccount({
        name: 'berth-deployer',
        namespace,
      });
      const binding = await rbac.readNamespacedRoleBinding({
        name: 'berth-deployer',
        namespace,
      });
      expect(binding.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: 'admin',
      });
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'berth-deployer', namespace },
      ]);
      expect(
        await exists(() =>
          rbac.readClusterRoleBinding({ name: `berth-deployer-${namespace}` }),
        ),
      ).toBe(false);
    });

    it("gets 403 on another namespace's Secrets and on cluster-scoped writes, with its token through the API", async () => {
      const { token } = await requestDeployerToken(
        admin,
        environment.namespace,
        600,
      );
      const asDeployer = kubeConfigFor(east, token);
      const deployerCore = asDeployer.makeApiClient(CoreV1Api);
      const denied = async (call: () => Promise<unknown>) => {
        const code = await call().then(
          () => 200,
          error => kubeStatusCode(error),
        );
        return code;
      };
      expect(
        await denied(() =>
          deployerCore.readNamespacedSecret({
            name: 'peek-target',
            namespace: otherNamespace,
          }),
        ),
      ).toBe(403);
      expect(
        await denied(() =>
          deployerCore.listNamespacedSecret({ namespace: otherNamespace }),
        ),
      ).toBe(403);
      expect(
        await denied(() =>
          deployerCore.listNamespacedSecret({ namespace: 'kube-system' }),
        ),
      ).toBe(403);
      expect(
        await denied(() =>
          asDeployer.makeApiClient(RbacAuthorizationV1Api).createClusterRole({
            body: { metadata: { name: `${prefix}-sneaky` }, rules: [] },
          }),
        ),
      ).toBe(403);
      // its own namespace is its to manage
      expect(
        await denied(() =>
          deployerCore.listNamespacedSecret({
            namespace: environment.namespace,
          }),
        ),
      ).toBe(200);
    });

    it('refuses a chart with a ClusterRole, a webhook and a Secret in kube-system before anything is applied, naming the three', async () => {
      const outcome = await strict.environments.deployOne(
        project,
        environment,
        'reach',
        actor,
      );
      expect(outcome.failed).toBe(true);
      const message = outcome.records[0].message ?? '';
      expect(outcome.records[0].result).toBe('failed');
      expect(message).toContain('Deploy refused before anything was applied');
      expect(message).toContain(
        `ClusterRole/${prefix}-reader (cluster-scoped)`,
      );
      expect(message).toContain(
        `ValidatingWebhookConfiguration/${prefix}-hook (cluster-scoped)`,
      );
      expect(message).toContain(
        `Secret/${prefix}-planted/kube-system (in another namespace)`,
      );
      expect(message).not.toContain(`${prefix}-inside`);
      expect(outcome.message).toContain(`ClusterRole/${prefix}-reader`);

      const objects = reachObjects();
      expect(await exists(objects.clusterRole)).toBe(false);
      expect(await exists(objects.webhook)).toBe(false);
      expect(await exists(objects.planted)).toBe(false);
      expect(
        await exists(() =>
          core.readNamespacedConfigMap({
            name: `${prefix}-inside`,
            namespace: environment.namespace,
          }),
        ),
      ).toBe(false);
      // no release was recorded either
      const { items } = await core.listNamespacedSecret({
        namespace: environment.namespace,
        labelSelector: 'owner=helm,name=reach',
      });
      expect(items).toEqual([]);
    });

    it("renders a chart whose lookup reads another namespace's Secret with the lookup empty, disclosing nothing, and lets lookup read its own namespace", async () => {
      // The deployer may not read the Secret (see above): helm's API access
      // goes through Berth's loopback proxy, which answers that GET's 403
      // with a 404, so lookup finds nothing and the render goes on.
      const outcome = await strict.environments.deployOne(
        project,
        environment,
        'peek',
        actor,
      );
      expect(outcome.message).toBeUndefined();
      expect(outcome.failed).toBe(false);
      const peek = await core.readNamespacedConfigMap({
        name: 'peek',
        namespace: environment.namespace,
      });
      expect(peek.data).toEqual({ found: 'none', data: 'none' });

      // The secret value is nowhere: not in the outcome, the ConfigMap or
      // the release Helm stored.
      const { items: releases } = await core.listNamespacedSecret({
        namespace: environment.namespace,
        labelSelector: 'owner=helm,name=peek',
      });
      expect(releases).toHaveLength(1);
      const release = gunzipSync(
        Buffer.from(
          Buffer.from(releases[0].data!.release, 'base64').toString(),
          'base64',
        ),
      ).toString();
      expect(release).toContain('found: none');
      for (const text of [
        JSON.stringify(outcome),
        JSON.stringify(peek),
        release,
      ]) {
        expect(text).not.toContain(SECRET_VALUE);
        expect(text).not.toContain(
          Buffer.from(SECRET_VALUE).toString('base64'),
        );
      }

      // In its own namespace, lookup works as the deployer.
      await core.createNamespacedSecret({
        namespace: environment.namespace,
        body: {
          metadata: { name: 'own-secret' },
          stringData: { mine: 'yes' },
        },
      });
      const own = await strict.environments.deployOne(
        project,
        environment,
        'peek-own',
        actor,
      );
      expect(own.message).toBeUndefined();
      expect(own.failed).toBe(false);
      const configMap = await core.readNamespacedConfigMap({
        name: 'peek-own',
        namespace: environment.namespace,
      });
      expect(configMap.data?.found).toBe('own-secret');
    });

    it('leaves hooks (which Helm 3 never passes to post-renderers) to RBAC: a pre-install hook creating a ClusterRole is forbidden', async () => {
      const outcome = await strict.environments.deployOne(
        project,
        environment,
        'hooked',
        actor,
      );
      expect(outcome.failed).toBe(true);
      expect(outcome.records[0].message).toMatch(
        /clusterroles\.rbac\.authorization\.k8s\.io .*is forbidden: User "system:serviceaccount:[^"]+:berth-deployer" cannot \w+ resource "clusterroles"/,
      );
      expect(
        await exists(() => rbac.readClusterRole({ name: `${prefix}-hooked` })),
      ).toBe(false);
      expect(
        await exists(() =>
          core.readNamespacedConfigMap({
            name: `${prefix}-after-hook`,
            namespace: environment.namespace,
          }),
        ),
      ).toBe(false);
    });
  });

  describe('on a cluster that allows ClusterRoles, webhooks and kube-system', () => {
    it('deploys the same chart, and deleting the environment removes its objects and the cluster-wide binding', async () => {
      const environment = await createEnvironment(open.environments, 'open');
      const { namespace } = environment;
      const binding = await rbac.readClusterRoleBinding({
        name: `berth-deployer-${namespace}`,
      });
      expect(binding.roleRef.name).toBe(wideRole);
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: 'berth-deployer', namespace },
      ]);
      expect(binding.metadata?.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'Namespace', name: namespace }),
      ]);

      const outcome = await open.environments.deployOne(
        project,
        environment,
        'reach',
        actor,
      );
      expect(outcome.message).toBeUndefined();
      expect(outcome.failed).toBe(false);
      const objects = reachObjects();
      expect(await exists(objects.clusterRole)).toBe(true);
      expect(await exists(objects.webhook)).toBe(true);
      expect(await exists(objects.planted)).toBe(true);
      expect(
        (await rbac.readClusterRole({ name: `${prefix}-reader` })).metadata
          ?.labels,
      ).toMatchObject({ 'berth.dev/service': 'reach' });

      await open.environments.delete(project, environment, {
        keepResources: false,
      });
      await waitFor(
        async () =>
          !(await exists(objects.clusterRole)) &&
          !(await exists(objects.webhook)) &&
          !(await exists(objects.planted)),
        60_000,
        "the chart's objects outside the namespace to be uninstalled",
      );
      await waitFor(
        async () =>
          !(await exists(() =>
            rbac.readClusterRoleBinding({
              name: `berth-deployer-${namespace}`,
            }),
          )),
        120_000,
        'the cluster-wide binding to go with its namespace',
      );
    });
  });
});
