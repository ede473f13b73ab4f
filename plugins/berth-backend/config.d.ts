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
    /**
     * Image registries: for pull secrets (per cluster, or per environment)
     * and for checking that images still exist before a rollback.
     */
    registries?: Array<{
      /** DNS label; the pull secret is `berth-pull-<name>`. */
      name: string;
      /** Host and optional port, e.g. `registry.example.com` or `10.0.0.5:5000`. */
      host: string;
      username?: string;
      /** @visibility secret */
      password?: string;
      /** Skip TLS verification when checking images. */
      insecure?: boolean;
      /** Talk plain HTTP to it when checking images. */
      plainHttp?: boolean;
    }>;
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
         * The image registry (a name from `berth.registries`) of environments
         * on this cluster, unless an environment sets its own: its pull
         * secret is ensured in their namespaces on every deploy.
         */
        registry?: string;
        /**
         * Pins the API server of a cluster found in the catalog, so that an
         * entity cannot send Berth's credentials elsewhere.
         */
        url?: string;
      };
    };
  };
}
