// Storage for the local clusters: kube-controller-manager's host-path provisioner behind a
// default StorageClass, so a PVC binds on kwok nodes (only the API objects matter there) and on
// the real node (the kubelet mounts the directory, which is on this machine). Kubernetes fixes
// the directory at /tmp/hostpath_pv/<uuid> for every cluster; stop removes the ones of its PVs.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { request } from '../util.mjs';

export const STORAGE_CLASS = 'berth-host-path';
/** Where the provisioner makes volumes (hard-coded in k8s.io/kubernetes/pkg/volume/hostpath). */
export const HOSTPATH_DIR = '/tmp/hostpath_pv';

/** kube-controller-manager flags that turn the provisioner on. */
export const PROVISIONER_FLAGS = ['--enable-hostpath-provisioner'];

const apiFor =
  cluster =>
  (p, opts = {}) =>
    request(`${cluster.url}${p}`, {
      ca: Buffer.from(cluster.caData, 'base64').toString('utf8'),
      token: cluster.adminToken,
      ...opts,
    });

/** The default StorageClass (Immediate binding: kwok nodes never mount anything). */
export function storageClass() {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: {
      name: STORAGE_CLASS,
      annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
      labels: { 'app.kubernetes.io/managed-by': 'berth-local-clusters' },
    },
    provisioner: 'kubernetes.io/host-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  };
}

/** Creates the default StorageClass (idempotent: server-side apply). */
export async function createStorageClass(cluster) {
  const r = await apiFor(cluster)(
    `/apis/storage.k8s.io/v1/storageclasses/${STORAGE_CLASS}?fieldManager=berth-local-clusters&force=true`,
    {
      method: 'PATCH',
      body: storageClass(),
      contentType: 'application/apply-patch+yaml',
    },
  );
  if (r.status !== 200 && r.status !== 201)
    throw new Error(`creating StorageClass: HTTP ${r.status} ${r.body}`);
}

/** Host directories of the cluster's provisioned volumes (empty when the API does not answer). */
export async function provisionedDirs(cluster) {
  let r;
  try {
    r = await apiFor(cluster)('/api/v1/persistentvolumes', { timeoutMs: 3000 });
  } catch {
    return [];
  }
  return (r.json?.items ?? [])
    .map(pv => pv.spec?.hostPath?.path)
    .filter(p => p && path.dirname(path.resolve(p)) === HOSTPATH_DIR);
}

/** Removes the given volume directories, and HOSTPATH_DIR when nothing else is left in it. */
export async function removeVolumeDirs(dirs) {
  for (const d of dirs) await fsp.rm(d, { recursive: true, force: true });
  try {
    if (fs.readdirSync(HOSTPATH_DIR).length === 0) fs.rmdirSync(HOSTPATH_DIR);
  } catch {
    // absent, or another cluster's volumes are in it
  }
}
