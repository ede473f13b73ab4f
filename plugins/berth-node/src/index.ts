/**
 * Node library of the Berth backend: the service other plugins read Berth
 * through, and the extension points modules add chart sources, workflow job
 * types and sandbox routing drivers with.
 *
 * @packageDocumentation
 */

export * from './service/BerthService';
export { BerthServiceClient } from './service/BerthServiceClient';
export { berthServiceRef } from './service/berthServiceRef';
export * from './extensions/chartSources';
export * from './extensions/jobTypes';
export * from './extensions/routingDrivers';
export * from './extensions/sandboxTrafficSources';
