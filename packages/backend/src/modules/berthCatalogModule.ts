// Berth's environments and clusters as catalog Resource entities.
export { catalogModuleBerthEntities as default } from '@berth/plugin-berth-backend';
