export interface Config {
  /**
   * Berth: Kubernetes environments for catalog Systems.
   *
   * Berth deploys to the clusters configured for the Kubernetes plugin under
   * `kubernetes.clusterLocatorMethods` (type `config`); the settings here add
   * Berth's own options to those clusters, keyed by cluster name.
   */
  berth?: {
    permissions?: {
      /**
       * Entity refs of the groups (or users) that the example policy lets
       * deploy to and delete production environments. Default
       * `group:default/platform-admins`.
       */
      productionAdmins?: string[];
    };
    deploy?: {
      /** How long a start-order group may take to become ready. Default 300. */
      groupTimeoutSeconds?: number;
    };
    helm?: {
      /** The helm binary. Default: the local control plane's, else `helm` on the PATH. */
      binary?: string;
    };
    /**
     * Seeds a demo project at start (services, start order, values) from a
     * file like examples/demo-project.yaml.
     */
    demo?: {
      /** The demo project file, relative to `rootDir`. */
      projectFile: string;
      /** The folder the file's paths are relative to; default the working directory. */
      rootDir?: string;
    };
    clusters?: {
      [clusterName: string]: {
        /**
         * Whether production-tier environments may be placed on this cluster.
         * Defaults to true.
         */
        allowProduction?: boolean;
        /**
         * A service-account token for Berth, overriding the one of the
         * Kubernetes plugin's config; needed for clusters found in the catalog.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /** Client-certificate authentication instead of a token (base64 PEM). */
        clientCertificate?: {
          certData: string;
          /** @visibility secret */
          keyData: string;
        };
        /**
         * Pins the API server of a cluster found in the catalog, so that an
         * entity cannot send Berth's credentials elsewhere.
         */
        url?: string;
      };
    };
  };
}
