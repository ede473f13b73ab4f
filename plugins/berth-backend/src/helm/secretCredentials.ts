import { KubeConfig, CoreV1Api } from '@kubernetes/client-node';
import { LoggerService } from '@backstage/backend-plugin-api';

/**
 * Where the credentials of a chart repository or an OCI registry are stored:
 * a Kubernetes Secret (type `kubernetes.io/basic-auth` or Opaque with the
 * keys `username` and `password`) on one of Berth's clusters.
 */
export interface CredentialsSecretRef {
  cluster: string;
  namespace: string;
  name: string;
}

/** A repository or registry whose credentials may come from a Secret. */
export interface CredentialsHolder {
  name: string;
  username?: string;
  password?: string;
  credentialsSecret?: CredentialsSecretRef;
}

/**
 * Reads the credentials that `berth.helm.repositories` and `registries`
 * entries reference by `credentialsSecret` and keeps them in memory only
 * (never in the database, never in a response), read again after 30 s so a
 * rotated Secret is picked up.
 */
export class SecretCredentials {
  private readAt = 0;
  private reading?: Promise<void>;

  constructor(
    private readonly deps: {
      holders: () => CredentialsHolder[];
      kubeConfig: (cluster: string) => KubeConfig;
      logger?: LoggerService;
      /** How long credentials read from a Secret are used; default 30 s. */
      maxAgeMs?: number;
    },
  ) {}

  /** Fills in the referenced credentials when they are older than 30 s. */
  async refresh(): Promise<void> {
    if (Date.now() - this.readAt < (this.deps.maxAgeMs ?? 30_000)) return;
    this.reading ??= this.readAll().finally(() => {
      this.readAt = Date.now();
      this.reading = undefined;
    });
    await this.reading;
  }

  private async readAll(): Promise<void> {
    const referencing = this.deps
      .holders()
      .filter(holder => holder.credentialsSecret);
    await Promise.all(referencing.map(holder => this.read(holder)));
  }

  private async read(holder: CredentialsHolder): Promise<void> {
    const ref = holder.credentialsSecret!;
    try {
      const secret = await this.deps
        .kubeConfig(ref.cluster)
        .makeApiClient(CoreV1Api)
        .readNamespacedSecret({ name: ref.name, namespace: ref.namespace });
      const decode = (key: string) => {
        const value = secret.data?.[key];
        return value === undefined
          ? undefined
          : Buffer.from(value, 'base64').toString('utf8');
      };
      holder.username = decode('username');
      holder.password = decode('password');
    } catch (error) {
      // The source then answers as without credentials (401/403), and the
      // import error says to check them; the reason goes to the log.
      holder.username = undefined;
      holder.password = undefined;
      this.deps.logger?.warn(
        `Could not read the credentials of '${holder.name}' from Secret ${
          ref.namespace
        }/${ref.name} on cluster ${ref.cluster}: ${
          (error as Error).message ?? error
        }`,
      );
    }
  }
}
