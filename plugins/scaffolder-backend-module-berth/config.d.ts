export interface Config {
  berth?: {
    /** The Berth scaffolder actions (@berth/plugin-scaffolder-backend-module-berth). */
    scaffolder?: {
      /** How often a followed operation or workflow run is read, in ms (default 2000). */
      pollIntervalMs?: number;
    };
  };
}
