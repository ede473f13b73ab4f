/**
 * A chart source of the Helm import, as `GET /extensions` lists it.
 *
 * @public
 */
export interface BerthChartSourceSummary {
  /** The key import sources name it by (`{ type: 'extension', source: key }` for added ones). */
  key: string;
  /** Built into Berth (repository, oci, git, upload), not added by a module. */
  builtIn: boolean;
  description: string;
}

/**
 * A workflow job type, as `GET /extensions` lists it.
 *
 * @public
 */
export interface BerthJobTypeSummary {
  key: string;
  name: string;
  description?: string;
}

/**
 * A sandbox routing driver, as `GET /extensions` lists it.
 *
 * @public
 */
export interface BerthRoutingDriverSummary {
  key: string;
  name: string;
  description?: string;
}

/**
 * What is registered through Berth's extension points (`GET /extensions`).
 *
 * @public
 */
export interface BerthExtensionsListing {
  chartSources: BerthChartSourceSummary[];
  jobTypes: BerthJobTypeSummary[];
  routingDrivers: BerthRoutingDriverSummary[];
}
