import { VirtualServicePatch } from './planVirtualServices';
import { VirtualService } from './virtualServiceTypes';

/** VirtualServices with patches applied (what the cluster holds after the writes). */
export function applyVirtualServicePatches(
  virtualServices: VirtualService[],
  patches: VirtualServicePatch[],
): VirtualService[] {
  return virtualServices.map(vs => {
    const patch = patches.find(
      p => p.name === vs.metadata.name && p.namespace === vs.metadata.namespace,
    );
    return patch ? { ...vs, spec: { ...vs.spec, http: patch.http } } : vs;
  });
}
