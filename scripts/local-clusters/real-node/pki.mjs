// The real node's certificates, signed by the cluster CA (EC P-256 like the cluster's own).
import fsp from 'node:fs/promises';
import path from 'node:path';
import { signCert } from '../util.mjs';
import { NODE_IP, NODE_NAME } from './constants.mjs';

const client = [
  'basicConstraints=critical,CA:FALSE',
  'keyUsage=critical,digitalSignature,keyEncipherment',
  'extendedKeyUsage=clientAuth',
];

/** The API server's client certificate for kubelets (logs, exec); made with the cluster's PKI. */
export async function createApiserverKubeletClientCert(pkiDir) {
  await signCert(
    pkiDir,
    'apiserver-kubelet-client',
    '/O=system:masters/CN=kube-apiserver-kubelet-client',
    client,
  );
}

/**
 * Creates in `dir`: kubelet-client (system:node:<node>), kubelet-serving (IP SAN of the node),
 * kube-proxy (system:kube-proxy), each signed by the cluster CA in `clusterPkiDir`.
 */
export async function createNodeCerts(dir, clusterPkiDir) {
  await fsp.mkdir(dir, { recursive: true });
  for (const f of ['ca.crt', 'ca.key']) {
    await fsp.copyFile(path.join(clusterPkiDir, f), path.join(dir, f));
  }
  await fsp.chmod(path.join(dir, 'ca.key'), 0o600);
  await signCert(
    dir,
    'kubelet-client',
    `/O=system:nodes/CN=system:node:${NODE_NAME}`,
    client,
  );
  await signCert(dir, 'kubelet-serving', `/CN=${NODE_NAME}`, [
    'basicConstraints=critical,CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
    `subjectAltName=IP:${NODE_IP},DNS:${NODE_NAME}`,
  ]);
  await signCert(dir, 'kube-proxy', '/CN=system:kube-proxy', client);
  // The node needs no CA key: only the cluster signs.
  await fsp.rm(path.join(dir, 'ca.key'));
  const file = f => path.join(dir, f);
  return {
    ca: file('ca.crt'),
    kubeletClient: {
      cert: file('kubelet-client.crt'),
      key: file('kubelet-client.key'),
    },
    kubeletServing: {
      cert: file('kubelet-serving.crt'),
      key: file('kubelet-serving.key'),
    },
    kubeProxy: { cert: file('kube-proxy.crt'), key: file('kube-proxy.key') },
  };
}
