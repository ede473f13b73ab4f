import { BerthRoutingDriver } from '@berth/plugin-berth-node';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { ObjectApi } from '../../kubernetes/ObjectApi';
import { GatewayApiRoutingDriver } from './GatewayApiRoutingDriver';
import { IstioRoutingDriver } from './IstioRoutingDriver';
import { KubeRoutingObjects } from './kube/KubeRoutingObjects';

/**
 * Berth's own routing drivers, by key (`BUILT_IN_ROUTING_DRIVERS`): each
 * reaches a cluster through the registry's kubeconfig for it.
 */
export function builtInRoutingDrivers(
  clusters: Pick<ClusterRegistry, 'kubeConfig'>,
): Record<string, BerthRoutingDriver> {
  const objectsFor = (cluster: string) =>
    new KubeRoutingObjects(ObjectApi.forConfig(clusters.kubeConfig(cluster)));
  return {
    'gateway-api': new GatewayApiRoutingDriver(objectsFor),
    istio: new IstioRoutingDriver(objectsFor),
  };
}
