export interface Config {
  /**
   * Berth: Kubernetes environments for catalog Systems.
   *
   * Berth deploys to the clusters configured for the Kubernetes plugin under
   * `kubernetes.clusterLocatorMethods` (type `config`); the settings here add
   * Berth's own options to those clusters, keyed by cluster name.
   */
  berth?: {
    clusters?: {
      [clusterName: string]: {
        /**
         * Whether production-tier environments may be placed on this cluster.
         * Defaults to true.
         */
        allowProduction?: boolean;
      };
    };
  };
}
