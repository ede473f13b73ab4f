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
    /** Workflows: stages of build, deploy, test, approval and notification jobs (issue #14). */
    workflows?: {
      /** Kubernetes Jobs of workflows (`script`, `test` job types). */
      jobs?: {
        /**
         * Image of the job runner (tools/images/jobrunner): the default image
         * of `script` and `test` jobs, and copied into any other image they
         * name. Default `berth/jobrunner:latest`.
         */
        runnerImage?: string;
        /**
         * Tolerations added to every Job's pod, e.g. the local real node's
         * `{ key: berth.dev/real-node, operator: Exists, effect: NoSchedule }`.
         */
        tolerations?: Array<{
          key: string;
          /** Equal (default) or Exists. */
          operator?: string;
          value?: string;
          /** NoSchedule, PreferNoSchedule or NoExecute; default all. */
          effect?: string;
        }>;
        /** Node selector added to every Job's pod (its own keys win), e.g. `berth.dev/real-node: "true"`. */
        nodeSelector?: { [label: string]: string };
        /** Namespaces a job may name directly instead of an environment (e.g. a build namespace). Default none. */
        namespaces?: string[];
        /** Set on a finished Job once its logs are stored. Default 600. */
        ttlSecondsAfterFinished?: number;
        /** How often a running Job and its pod are read. Default 1000. */
        pollIntervalMs?: number;
        /** How long a pod may fail to pull its image before the job fails. Default 120. */
        imagePullTimeoutSeconds?: number;
        /** A Job's activeDeadlineSeconds when the engine gives no deadline. Default 3600. */
        defaultTimeoutSeconds?: number;
      };
      /**
       * Tiers a workflow may deploy to only after an approval job in an
       * earlier stage: saving a workflow that deploys (or, through a param,
       * may deploy) to a listed tier without one is refused. Default none.
       * @visibility backend
       */
      requireApprovalForTiers?: Array<
        'development' | 'testing' | 'staging' | 'production'
      >;
      /** Git (webhook) and cron triggers. */
      triggers?: {
        /** Deliveries (matched, ignored, duplicate, failed) are kept this many days. Default 30. */
        deliveryRetentionDays?: number;
        /**
         * A cron due time missed while no backend ran still fires when it is
         * at most this many minutes old; older ones are recorded as missed.
         * Default 15.
         */
        cronCatchUpMinutes?: number;
      };
      /** Job logs, stored in chunks in the database. */
      logs?: {
        /**
         * A job attempt's stored log is capped at this many bytes: its first
         * half and its newest half are kept, with a note line between them
         * saying how much was left out. Default 5242880 (5 MiB).
         */
        maxBytesPerJob?: number;
        /**
         * Job logs stored longer ago than this many days are deleted (a job
         * run's log whole, by its newest chunk), hourly, on one replica.
         * Default 30.
         */
        retentionDays?: number;
      };
      /** The engine that runs workflow runs on every replica. */
      /** `notification` jobs' webhooks. */
      notifications?: {
        /** Hosts workflow webhooks may POST to (host, host:port, *.domain, *). Default none. */
        webhookHosts?: string[];
      };
      engine?: {
        /** How often a replica looks for queued runs and expired leases. Default 1000. */
        pollIntervalMs?: number;
        /** A run's lease expires this long after its last renewal; then another replica takes it over. Default 30. */
        leaseSeconds?: number;
        /** How often a replica renews its leases and sees cancels and continues made elsewhere. Default 10 (at most a third of the lease). */
        heartbeatSeconds?: number;
        /** Runs started and not finished (running, waiting, cancelling) across all replicas, except runs only waiting for an approval (they keep their concurrency group's slot). Default 20. */
        maxRunningRuns?: number;
        /** Kubernetes Jobs of workflows at once per cluster, enforced across replicas (a job waits for a slot). Default 10. */
        maxKubernetesJobsPerCluster?: number;
        /** On shutdown, and after a cancel or timeout, how long a job gets to stop. Default 10. */
        shutdownGraceSeconds?: number;
      };
      /**
       * `build` jobs: a Kubernetes Job that checks out a Git revision, builds
       * an image and pushes it (outputs `image`, `digest`, `reference`).
       */
      build?: {
        /**
         * The builder of jobs that name none: `buildkit` (rootless BuildKit,
         * the production builder) or `local` (the local clusters' builder
         * image, tools/images/builder: a Dockerfile subset, nothing runs).
         * Default `buildkit`.
         */
        builder?: 'local' | 'buildkit';
        /** The cluster build Jobs run on (a `berth.clusters` name). Required for builds. */
        cluster?: string;
        /** The namespace of build Jobs and push Secrets. Default `berth-builds`. */
        namespace?: string;
        /** Deadline of one build. Default 30. */
        timeoutMinutes?: number;
        /** Node labels build pods select, e.g. `{berth.dev/real-node: "true"}` on the local clusters. */
        nodeSelector?: { [label: string]: string };
        /** Taints build pods tolerate, e.g. `{key: berth.dev/real-node, operator: Exists, effect: NoSchedule}`. */
        tolerations?: Array<{
          key: string;
          /** `Equal` (default) or `Exists`. */
          operator?: 'Equal' | 'Exists';
          value?: string;
          effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
        }>;
        /** The local builder (tools/images/builder), for the local clusters' real node. */
        local?: {
          /** Its image, e.g. the real node's `berth/builder` by digest. */
          image: string;
          /**
           * Where it pulls base images and pushes, as the pod reaches the
           * registry: `http://10.246.0.1:<port>` on the real node.
           */
          registryUrl: string;
        };
        /** Rootless BuildKit (`buildctl-daemonless.sh`). */
        buildkit?: {
          /** Default `moby/buildkit:rootless`; pin a version (`moby/buildkit:v0.x.y-rootless`) in production. */
          image?: string;
          /** BUILDKITD_FLAGS. Default `--oci-worker-no-process-sandbox` (needed without privileges). */
          daemonFlags?: string;
          /** Flags appended to `buildctl build`, e.g. `[--progress, plain]`. */
          flags?: string[];
          /** Registry layer cache (export mode=max, import). Default true. */
          cache?: boolean;
          /** The cache ref; `{image}` is replaced by the image name. Default `{image}:buildcache`. */
          cacheRef?: string;
          /** Requests (and the memory limit) of the build container. Default none. */
          resources?: { cpu?: string; memory?: string };
        };
      };
    };
    /** Sandboxes: a developer's forks of some services of a base environment. */
    sandboxes?: {
      /** Hours a sandbox lives when its creator gives none. Default 8. */
      defaultTtlHours?: number;
      /** The most hours a sandbox may be given (at creation or extended). Default 72. */
      maxTtlHours?: number;
      /** How often the routes of every sandbox are written again and orphans removed. Default 60. */
      reconcileIntervalSeconds?: number;
      /** How often expired sandboxes are queued for deletion. Default 60. */
      expiryIntervalSeconds?: number;
    };
    /** The operations engine: deploys, copies, rollbacks, sleep, wake, delete. */
    operations?: {
      /** Operations one replica runs at once. Default 4. */
      concurrency?: number;
      /** A lease expires this long after its last renewal; then another replica takes the operation over. Default 30. */
      leaseSeconds?: number;
      /** How often a replica renews the leases of what it runs. Default 10 (at most a third of the lease). */
      heartbeatSeconds?: number;
      /** How often a replica looks for queued operations and expired leases. Default 1000. */
      pollIntervalMs?: number;
      /** Runs (first run, resumes, takeovers) before an operation fails for good. Default 5. */
      maxAttempts?: number;
      /** On shutdown, how long running operations get to stop before they are handed back. Default 10. */
      shutdownGraceSeconds?: number;
    };
    /** Helm values that hold secrets. */
    values?: {
      /**
       * A value is secret when its key (the last key of its path) is one of
       * these or ends with one, case-insensitively and ignoring `-`, `_` and
       * `.`; a pattern with `*` is a glob over the key as written
       * (case-insensitive). Replaces the default list: password, passwd,
       * token, secret, credential, credentials, apiKey, privateKey,
       * accessKey, secretKey, encryptionKey, signingKey, `*_key`, `*-key`
       * (a bare `key`, as in tolerations, is not secret). Values a chart's
       * values.schema.json marks `writeOnly`, and values written
       * `{ $secret: value }`, are secret too.
       */
      secretKeyPatterns?: string[];
      /**
       * The key (any text of at least 16 characters) that earlier versions
       * sealed secret values with (AES-256-GCM tokens `berth-secret:v1:` in
       * the database). Only read to open those tokens once, when they move
       * into Kubernetes Secrets; new secret values never use it.
       * @visibility secret
       */
      encryptionKey?: string;
      /**
       * Where projects' secret values (project values, services' default
       * values) are kept: the Secret `berth-values` in a namespace per
       * project, `<namespacePrefix><system namespace>-<system name>`,
       * created on first use and labelled as Berth's. Environments' secret
       * values are kept in their own namespaces.
       */
      projectSecrets?: {
        /** The cluster of the projects' namespaces. Default: the first configured cluster. */
        cluster?: string;
        /** Default `berth-project-`. */
        namespacePrefix?: string;
      };
    };
    kubernetes?: {
      /**
       * How long one Kubernetes API call may take, until its whole answer is
       * read. A call that gets no answer in time fails with a message naming
       * the cluster, and the cluster shows Disconnected. A watch silent for
       * half of it is started anew. Default 30.
       */
      requestTimeoutSeconds?: number;
    };
    /** What the backend may reach when it fetches charts, values and registries. */
    outbound?: {
      /**
       * Addresses that outbound fetches may reach although they are
       * loopback (127.0.0.0/8, ::1), link-local (169.254.0.0/16 with the
       * cloud metadata service 169.254.169.254, fe80::/10), private
       * (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, fc00::/7), shared
       * (100.64.0.0/10), unspecified, multicast or reserved: IP addresses
       * or CIDR ranges, e.g. `127.0.0.0/8` for repositories on the backend
       * host (`./berth start` lists loopback for its demo repository).
       * Checked after DNS resolution, on every redirect. Default: none.
       */
      allowAddresses?: string[];
    };
    helm?: {
      /** The helm binary. Default: the local control plane's, else `helm` on the PATH. */
      binary?: string;
      /**
       * The folder `path` charts must be inside (no `..`, no absolute path
       * or symbolic link leading out). Default: `berth.demo.rootDir`, else
       * the backend's working directory.
       */
      chartRoot?: string;
      /**
       * Chart repositories (index.yaml over HTTP/HTTPS) offered for import,
       * referenced by name; credentials never leave the backend.
       */
      repositories?: Array<{
        name: string;
        /** Base URL of the repository (where index.yaml is). */
        url: string;
        username?: string;
        /** @visibility secret */
        password?: string;
        /**
         * Credentials stored in a Kubernetes Secret (keys `username`, `password`)
         * on one of Berth's clusters, instead of username/password here. Read
         * when needed (cached 30 s), never stored or returned.
         */
        credentialsSecret?: {
          cluster: string;
          namespace: string;
          name: string;
        };
      }>;
      /** OCI registries holding charts (`oci://host/path/chart`). */
      registries?: Array<{
        name: string;
        /** host[:port], e.g. `ghcr.io`. */
        host: string;
        username?: string;
        /** @visibility secret */
        password?: string;
        /**
         * Credentials stored in a Kubernetes Secret (keys `username`, `password`)
         * on one of Berth's clusters, instead of username/password here. Read
         * when needed (cached 30 s), never stored or returned.
         */
        credentialsSecret?: {
          cluster: string;
          namespace: string;
          name: string;
        };
        /** Plain HTTP instead of HTTPS; default true only for loopback hosts. */
        plainHttp?: boolean;
      }>;
      /** Limits and timeouts of Helm import. */
      import?: {
        /** How long a repository, registry or Git host may take. Default 15. */
        timeoutSeconds?: number;
        /** How many charts of one import request are fetched at once. Default 8. */
        concurrency?: number;
        /** The largest chart archive (compressed). Default 10 MiB. */
        maxArchiveBytes?: number;
        /** The largest file in an archive. Default 5 MiB. */
        maxEntryBytes?: number;
        /** The largest total uncompressed size of an archive. Default 50 MiB. */
        maxUncompressedBytes?: number;
        /** The most entries in an archive. Default 2000. */
        maxEntries?: number;
        /** Where imported charts are written as .tgz files for helm. Default `<tmp>/berth-charts`. */
        cacheDir?: string;
        /**
         * Hosts that Helm import and deploys may fetch from besides the
         * configured repositories and registries: ad-hoc chart repository
         * URLs and OCI refs, redirects, Chart.yaml dependency repositories,
         * OCI token services (the `WWW-Authenticate` realm), download hosts
         * (a registry's blob CDN), and Git or values hosts that are not a
         * configured integration. Each entry is `host` (any port),
         * `host:port`, `*.domain` (its subdomains) or `*` (any host).
         * Default: empty, meaning only the configured repositories and
         * registries (and, for Git trees and values files, the hosts of
         * the configured integrations). Every address is still checked
         * against `berth.outbound.allowAddresses`.
         */
        allowedHosts?: string[];
      };
      /** Values files tracked from Git. */
      valuesSync?: {
        /** How often tracked values files are re-read. Default 5. */
        intervalMinutes?: number;
      };
    };
    /**
     * Where the backend makes its private work directory
     * (`<workDir>/berth-<pid>-<random>`, mode 0700) for files that hold
     * credentials: kubeconfig files for Helm, Helm registry logins and
     * repository files. Removed at shutdown; directories of processes that
     * no longer run are removed at start. Keep it short (Unix socket paths
     * under it are limited to 107 bytes). Default: the OS's temporary
     * directory.
     */
    workDir?: string;
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
      /**
       * The only clusters whose environments may use it (as their cluster's
       * default or their own choice); left out, any cluster. Its pull
       * secret is written only into namespaces of environments it allows.
       */
      clusters?: string[];
      /**
       * The only projects whose environments may use it, as System refs
       * (`shop` or `system:default/shop`); left out, any project.
       */
      projects?: string[];
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
         * Namespaces that anyone who may create an environment on this
         * cluster may adopt (`adoptNamespace`), as patterns with `*`, e.g.
         * `team-*`. Adopting any other existing namespace needs the
         * `berth.namespace.adopt` permission. A namespace holding a Helm
         * release or objects Berth did not make is never adopted.
         */
        adoptableNamespaces?: string[];
        /**
         * Where the cluster's gateway serves environments, with `{namespace}`
         * standing for an environment's namespace, e.g.
         * `http://{namespace}.localhost:8080` (a Gateway API HTTPRoute per
         * environment matching that host). The environment page links to it.
         */
        environmentUrl?: string;
        /**
         * The sandbox routing driver of the environments on this cluster:
         * `gateway-api` (default), `istio`, or a key a module registered.
         */
        sandboxRouting?: string;
        /**
         * Where Berth reads which services requests carrying a sandbox's
         * key reached (the sandbox page's "Reached with the key"): a traffic
         * source's key and its settings. Built in: `traefik-access-log`,
         * Traefik's JSON access log with the request headers `X-Env` and
         * `Baggage` kept, read from `accessLogPath` on the backend's host.
         */
        sandboxTraffic?: {
          /** `traefik-access-log`, or a key a module registered. */
          source: string;
          /** For `traefik-access-log`: the path of Traefik's JSON access log. */
          accessLogPath?: string;
        };
        /**
         * Pins the API server of a cluster found in the catalog, so that an
         * entity cannot send Berth's credentials elsewhere.
         */
        url?: string;
        /**
         * The identity Berth deploys as on this cluster. In every
         * environment's namespace Berth keeps a ServiceAccount
         * `berth-deployer`, bound by the RoleBinding `berth-deployer` to
         * `clusterRole`, and runs helm and server-side apply with a
         * short-lived token of it (TokenRequest API), never with its own
         * credentials. Rendered objects are checked before anything is
         * applied: cluster-scoped objects and objects in other namespaces
         * are refused, naming each, unless allowed here.
         */
        deployer?: {
          /** The ClusterRole bound in the namespace. Default `admin` (the built-in namespace-scoped role). */
          clusterRole?: string;
          /**
           * A ClusterRole bound cluster-wide to each environment's deployer
           * (ClusterRoleBinding `berth-deployer-<namespace>`, owned by the
           * namespace), for objects the allowlists below let charts create
           * outside the namespace, e.g. a role granting `clusterroles` for
           * production. Default: none.
           */
          clusterWideRole?: string;
          /** Cluster-scoped kinds charts may create, e.g. `[ClusterRole, ValidatingWebhookConfiguration]`. Default: none. */
          allowedClusterKinds?: string[];
          /** Namespaces besides the environment's own that rendered objects may name. Default: none. */
          allowedNamespaces?: string[];
        };
      };
    };
  };
}
