/**
 * Scaffolder module: template actions for Berth environments, charts,
 * workflows and sandboxes.
 *
 * @packageDocumentation
 */

export { scaffolderModuleBerth as default } from './module';
export * from './actions';
