// Network safety of the real node, installed before containerd, the kubelet and kube-proxy start
// and removed on stop: no packet from a pod or a proxy may leave the machine.
//  - the pod bridge berth0 (10.246.0.1/24), created here so the node IP exists;
//  - a blackhole route for kwok's fake pod range (kube-proxy would forward to those IPs);
//  - the Service range routed into the bridge (a blackhole there breaks host-to-ClusterIP);
//  - an nftables table: forward from berth0 to any other interface dropped; output toward the
//    Service, kwok and pod ranges through any interface but lo and berth0 dropped.
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  BRIDGE,
  KWOK_POD_CIDR,
  NFT_TABLE,
  NODE_IP,
  POD_CIDR,
  SERVICE_CIDR,
} from './constants.mjs';
import { mustRun, tryRun } from './host.mjs';

export function nftRuleset() {
  const ranges = [SERVICE_CIDR, KWOK_POD_CIDR, POD_CIDR].join(', ');
  return [
    `table inet ${NFT_TABLE} {`,
    '  chain forward {',
    '    type filter hook forward priority -10; policy accept;',
    `    iifname "${BRIDGE}" oifname != "${BRIDGE}" counter drop`,
    '  }',
    '  chain output {',
    '    type filter hook output priority -10; policy accept;',
    `    oifname != { "lo", "${BRIDGE}" } ip daddr { ${ranges} } counter drop`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Installs it all; `dir` receives the nft ruleset file. */
export async function installNetworkSafety(dir) {
  await mustRun('ip', ['link', 'add', BRIDGE, 'type', 'bridge']);
  await mustRun('ip', ['addr', 'add', `${NODE_IP}/24`, 'dev', BRIDGE]);
  await mustRun('ip', ['link', 'set', BRIDGE, 'up']);
  await mustRun('ip', ['route', 'add', 'blackhole', KWOK_POD_CIDR]);
  await mustRun('ip', ['route', 'add', SERVICE_CIDR, 'dev', BRIDGE]);
  const rules = path.join(dir, 'berth-node.nft');
  await fsp.writeFile(rules, nftRuleset());
  await mustRun('nft', ['-f', rules]);
}

/** Removes all of it; every step runs even when an earlier one finds nothing. */
export async function removeNetworkSafety() {
  await tryRun('nft', ['delete', 'table', 'inet', NFT_TABLE]);
  await tryRun('ip', ['route', 'del', 'blackhole', KWOK_POD_CIDR]);
  await tryRun('ip', ['route', 'del', SERVICE_CIDR, 'dev', BRIDGE]);
  await tryRun('ip', ['link', 'del', BRIDGE]);
}

/** True when the bridge exists (another real node runs on this machine, or a crash left it). */
export async function bridgeExists() {
  return (await tryRun('ip', ['link', 'show', BRIDGE])).ok;
}
