/**
 * The Berth backend plugin.
 *
 * @packageDocumentation
 */

export { berthPlugin as default } from './plugin';
