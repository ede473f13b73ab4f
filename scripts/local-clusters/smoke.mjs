#!/usr/bin/env node
// Smoke test of a local cluster with the built kubectl and helm:
//   node scripts/local-clusters/smoke.mjs [name]      (default local-east; started if not running)
// Checks: a 3-replica Deployment becomes ready (kwok plays kubelet); a namespace with resources is
// deleted and finalized; RBAC confines a ServiceAccount to its namespace; CRD schemas reject an
// invalid VirtualService/HTTPRoute and store valid ones; helm upgrade --install/list/uninstall.
// Ends with "N passed, N failed" and exits non-zero on any failure.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ensureControlPlane,
  readCluster,
  startClusters,
  stopClusters,
} from './index.mjs';
import { request } from './util.mjs';

const execFileP = promisify(execFile);
const name = process.argv[2] || 'local-east';
const log = msg => process.stderr.write(`${msg}\n`);

const controlPlane = await ensureControlPlane({ log });
let cluster = await readCluster(name);
let startedHere = false;
if (cluster?.status !== 'running') {
  [cluster] = await startClusters([name], { log });
  startedHere = true;
}
const bin = b => path.join(controlPlane, 'bin', b);
const ns = `smoke-${Date.now().toString(36)}`;
const kubectlArgs = [
  `--kubeconfig=${cluster.kubeconfig}`,
  `--context=${cluster.contexts.token}`,
];

async function sh(cmd, args, input) {
  const child = execFileP(cmd, args, { maxBuffer: 32 * 1024 * 1024 });
  if (input !== undefined) {
    child.child.stdin.end(
      typeof input === 'string' ? input : JSON.stringify(input),
    );
  }
  return child;
}
const kubectl = (args, input) =>
  sh(bin('kubectl'), [...kubectlArgs, ...args], input);
const kubectlFails = async (args, input) => {
  try {
    await kubectl(args, input);
  } catch (e) {
    return e.stderr;
  }
  throw new Error(`kubectl ${args.join(' ')} unexpectedly succeeded`);
};
const helm = args =>
  sh(bin('helm'), [
    `--kubeconfig=${cluster.kubeconfig}`,
    `--kube-context=${cluster.contexts.token}`,
    ...args,
  ]);

const results = [];
async function check(title, fn) {
  const t0 = Date.now();
  try {
    const detail = await fn();
    results.push(true);
    console.log(
      `ok   ${title} (${Date.now() - t0} ms)${detail ? `: ${detail}` : ''}`,
    );
  } catch (e) {
    results.push(false);
    console.log(
      `FAIL ${title} (${Date.now() - t0} ms): ${e.stderr || e.message}`,
    );
  }
}

const deployment = (n, replicas) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: n },
  spec: {
    replicas,
    selector: { matchLabels: { app: n } },
    template: {
      metadata: { labels: { app: n } },
      spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] },
    },
  },
});

await kubectl(['create', 'namespace', ns]);

await check('Deployment with 3 replicas reaches readyReplicas=3', async () => {
  await kubectl(['-n', ns, 'apply', '-f', '-'], deployment('web', 3));
  await kubectl([
    '-n',
    ns,
    'rollout',
    'status',
    'deployment/web',
    '--timeout=90s',
  ]);
  const { stdout } = await kubectl([
    '-n',
    ns,
    'get',
    'deployment',
    'web',
    '-o',
    'jsonpath={.status.readyReplicas}',
  ]);
  if (stdout.trim() !== '3') throw new Error(`readyReplicas=${stdout}`);
  return 'readyReplicas=3';
});

await check('namespace with resources is deleted and finalized', async () => {
  const doomed = `${ns}-doomed`;
  await kubectl(['create', 'namespace', doomed]);
  await kubectl(['-n', doomed, 'apply', '-f', '-'], deployment('app', 2));
  await kubectl([
    '-n',
    doomed,
    'create',
    'configmap',
    'cfg',
    '--from-literal=a=b',
  ]);
  await kubectl(['-n', doomed, 'create', 'serviceaccount', 'bot']);
  await kubectl([
    '-n',
    doomed,
    'rollout',
    'status',
    'deployment/app',
    '--timeout=90s',
  ]);
  await kubectl([
    'delete',
    'namespace',
    doomed,
    '--wait=true',
    '--timeout=120s',
  ]);
  const err = await kubectlFails(['get', 'namespace', doomed]);
  if (!/NotFound/.test(err)) throw new Error(err);
});

await check(
  'ServiceAccount bound in namespace A gets 403 in namespace B',
  async () => {
    const other = `${ns}-b`;
    await kubectl(['create', 'namespace', other]);
    await kubectl(['-n', ns, 'create', 'serviceaccount', 'deployer']);
    await kubectl([
      '-n',
      ns,
      'create',
      'role',
      'deployer',
      '--verb=get,list,create',
      '--resource=configmaps,deployments',
    ]);
    await kubectl([
      '-n',
      ns,
      'create',
      'rolebinding',
      'deployer',
      '--role=deployer',
      `--serviceaccount=${ns}:deployer`,
    ]);
    const { stdout: token } = await kubectl([
      '-n',
      ns,
      'create',
      'token',
      'deployer',
      '--duration=10m',
    ]);
    const ca = Buffer.from(cluster.caData, 'base64').toString();
    const inA = await request(
      `${cluster.url}/api/v1/namespaces/${ns}/configmaps`,
      { ca, token: token.trim() },
    );
    const inB = await request(
      `${cluster.url}/api/v1/namespaces/${other}/configmaps`,
      { ca, token: token.trim() },
    );
    await kubectl(['delete', 'namespace', other, '--wait=false']);
    if (inA.status !== 200 || inB.status !== 403)
      throw new Error(`A=${inA.status} B=${inB.status}`);
    return `A=${inA.status} B=${inB.status}`;
  },
);

await check(
  'CRD schemas reject invalid VirtualService and HTTPRoute, store valid ones',
  async () => {
    const badVs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'bad' },
      spec: {
        hosts: 'reviews',
        http: [
          { route: [{ destination: { host: 'reviews' }, weight: 'heavy' }] },
        ],
      },
    };
    const goodVs = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'reviews' },
      spec: {
        hosts: ['reviews'],
        http: [
          {
            route: [
              { destination: { host: 'reviews', subset: 'v1' }, weight: 100 },
            ],
          },
        ],
      },
    };
    const badRoute = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'bad' },
      spec: {
        parentRefs: [{ name: 'gw' }],
        rules: [
          { matches: [{ path: { type: 'PathPrefix', value: 'no-slash' } }] },
        ],
      },
    };
    const goodRoute = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'web' },
      spec: {
        parentRefs: [{ name: 'gw' }],
        rules: [
          {
            matches: [{ path: { type: 'PathPrefix', value: '/api' } }],
            backendRefs: [{ name: 'web', port: 80 }],
          },
        ],
      },
    };
    const e1 = await kubectlFails(['-n', ns, 'create', '-f', '-'], badVs);
    const e2 = await kubectlFails(['-n', ns, 'create', '-f', '-'], badRoute);
    if (
      !/must be of type array/.test(e1) ||
      !/must be an absolute path/.test(e2)
    )
      throw new Error(`${e1}\n${e2}`);
    await kubectl(['-n', ns, 'create', '-f', '-'], goodVs);
    await kubectl(['-n', ns, 'create', '-f', '-'], goodRoute);
    await kubectl(['-n', ns, 'get', 'virtualservice/reviews', 'httproute/web']);
  },
);

await check('helm upgrade --install, list, uninstall', async () => {
  const chart = fs.mkdtempSync(path.join(os.tmpdir(), 'berth-smoke-chart-'));
  try {
    fs.mkdirSync(path.join(chart, 'templates'));
    fs.writeFileSync(
      path.join(chart, 'Chart.yaml'),
      'apiVersion: v2\nname: tiny\nversion: 0.1.0\nkubeVersion: ">=1.30.0-0"\n',
    );
    fs.writeFileSync(path.join(chart, 'values.yaml'), 'replicas: 2\n');
    fs.writeFileSync(
      path.join(chart, 'templates', 'deploy.yaml'),
      JSON.stringify(deployment('tiny', 2)).replace(
        '"replicas":2',
        '"replicas":{{ .Values.replicas }}',
      ),
    );
    await helm([
      'upgrade',
      '--install',
      'tiny',
      chart,
      '-n',
      ns,
      '--wait',
      '--timeout',
      '90s',
    ]);
    await helm([
      'upgrade',
      '--install',
      'tiny',
      chart,
      '-n',
      ns,
      '--set',
      'replicas=3',
      '--wait',
      '--timeout',
      '90s',
    ]);
    const { stdout } = await helm(['list', '-n', ns, '-o', 'json']);
    const rel = JSON.parse(stdout).find(r => r.name === 'tiny');
    if (!rel || rel.status !== 'deployed' || rel.revision !== '2')
      throw new Error(`helm list: ${stdout}`);
    await helm(['uninstall', 'tiny', '-n', ns, '--wait']);
    const { stdout: after } = await helm(['list', '-n', ns, '-o', 'json']);
    if (JSON.parse(after).length !== 0)
      throw new Error(`still listed: ${after}`);
    return 'revision 2 deployed, then uninstalled';
  } finally {
    fs.rmSync(chart, { recursive: true, force: true });
  }
});

await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => {});
if (startedHere) await stopClusters([name], { log });
const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
