import { LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogProcessor } from '@backstage/plugin-catalog-node';
import { BERTH_LABELS } from '@berth/plugin-berth-common';
import { BerthService } from '@berth/plugin-berth-node';

/** The annotation the stock Kubernetes tab finds a Component's workloads by. */
export const KUBERNETES_ID_ANNOTATION = BERTH_LABELS.kubernetesId;

/** How long the projects' services read from Berth are reused. */
const DEFAULT_CACHE_MS = 30_000;

const normalized = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Annotates every Component that Berth deploys (the `componentRef` of a
 * service of a Berth project) with `backstage.io/kubernetes-id`: the value
 * Berth labels the service's workloads with (the Component's name, see
 * berth-backend's `serviceLabels`), so the stock Kubernetes tab shows them on
 * every cluster. An annotation the entity already has wins. Berth is read
 * through `berthServiceRef`, its projects' services cached briefly (30 s);
 * when Berth cannot be read the last answer is used (none yet: the entity
 * is left as it is) and Berth is asked again after the same time.
 */
export class BerthKubernetesIdProcessor implements CatalogProcessor {
  private cached?: { at: number; ids: Map<string, string> };
  private loading?: Promise<Map<string, string> | undefined>;
  /** After a failed read, Berth is not asked again before this time. */
  private retryAt = 0;

  constructor(
    private readonly deps: {
      berth: Pick<BerthService, 'listProjects'>;
      logger: LoggerService;
      cacheMs?: number;
      now?: () => number;
    },
  ) {}

  getProcessorName(): string {
    return 'BerthKubernetesIdProcessor';
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') return entity;
    if (entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION]) return entity;
    const id = (await this.kubernetesIds())?.get(
      normalized(stringifyEntityRef(entity)),
    );
    if (!id) return entity;
    return {
      ...entity,
      metadata: {
        ...entity.metadata,
        annotations: {
          ...entity.metadata.annotations,
          [KUBERNETES_ID_ANNOTATION]: id,
        },
      },
    };
  }

  /** Component ref (lower case) to the kubernetes-id Berth labels its workloads with. */
  private async kubernetesIds(): Promise<Map<string, string> | undefined> {
    const now = (this.deps.now ?? Date.now)();
    const cacheMs = this.deps.cacheMs ?? DEFAULT_CACHE_MS;
    if (this.cached && now - this.cached.at < cacheMs) return this.cached.ids;
    if (now < this.retryAt) return this.cached?.ids;
    this.loading ??= this.load(now).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(now: number): Promise<Map<string, string> | undefined> {
    try {
      const ids = new Map<string, string>();
      for (const project of await this.deps.berth.listProjects()) {
        for (const service of project.services) {
          const ref = parseEntityRef(service.componentRef, {
            defaultKind: 'component',
          });
          ids.set(normalized(stringifyEntityRef(ref)), ref.name);
        }
      }
      this.cached = { at: now, ids };
      return ids;
    } catch (error) {
      this.deps.logger.warn(
        `Could not read Berth's services to annotate Components with ${KUBERNETES_ID_ANNOTATION}: ${error}`,
      );
      this.retryAt = now + (this.deps.cacheMs ?? DEFAULT_CACHE_MS);
      return this.cached?.ids;
    }
  }
}
