/**
 * Catalog module: Berth's environments and clusters as catalog entities.
 *
 * @packageDocumentation
 */

export { catalogModuleBerthEntities as default } from './module';
export { BerthEntityProvider } from './BerthEntityProvider';
export { BerthKubernetesIdProcessor } from './BerthKubernetesIdProcessor';
