import {
  BerthChartSource,
  BerthChartSourcesExtensionPoint,
  BerthJobType,
  BerthJobTypesExtensionPoint,
  BerthRoutingDriver,
  BerthRoutingDriversExtensionPoint,
  BerthSandboxTrafficSource,
  BerthSandboxTrafficSourcesExtensionPoint,
} from '@berth/plugin-berth-node';
import { KeyedRegistry } from './KeyedRegistry';

/** The keys of the chart sources built into the Helm import. */
export const BUILT_IN_CHART_SOURCES = ['repository', 'oci', 'git', 'upload'];

/** The keys of the sandbox routing drivers built into Berth. */
export const BUILT_IN_ROUTING_DRIVERS = ['gateway-api', 'istio'];

/** The keys of the sandbox traffic sources built into Berth. */
export const BUILT_IN_TRAFFIC_SOURCES = ['traefik-access-log'];

/**
 * What modules added through Berth's extension points: chart sources (run
 * by the Helm import), job types and routing drivers (listed until the
 * workflows and sandboxes run them) and sandbox traffic sources.
 */
export class BerthExtensions {
  readonly chartSources = new KeyedRegistry<BerthChartSource>(
    'chart source',
    BUILT_IN_CHART_SOURCES,
  );
  readonly jobTypes = new KeyedRegistry<BerthJobType>('job type');
  readonly routingDrivers = new KeyedRegistry<BerthRoutingDriver>(
    'routing driver',
    BUILT_IN_ROUTING_DRIVERS,
  );
  readonly trafficSources = new KeyedRegistry<BerthSandboxTrafficSource>(
    'traffic source',
    BUILT_IN_TRAFFIC_SOURCES,
  );

  get chartSourcesPoint(): BerthChartSourcesExtensionPoint {
    return {
      addChartSource: (key, source) => this.chartSources.add(key, source),
    };
  }

  get jobTypesPoint(): BerthJobTypesExtensionPoint {
    return { addJobType: (key, jobType) => this.jobTypes.add(key, jobType) };
  }

  get routingDriversPoint(): BerthRoutingDriversExtensionPoint {
    return {
      addRoutingDriver: (key, driver) => this.routingDrivers.add(key, driver),
    };
  }

  get trafficSourcesPoint(): BerthSandboxTrafficSourcesExtensionPoint {
    return {
      addTrafficSource: (key, source) => this.trafficSources.add(key, source),
    };
  }

  /** Called when the plugin starts: later additions fail. */
  lock(): void {
    this.chartSources.lock();
    this.jobTypes.lock();
    this.routingDrivers.lock();
    this.trafficSources.lock();
  }
}
