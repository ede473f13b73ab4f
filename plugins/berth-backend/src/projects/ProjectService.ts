import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import {
  Entity,
  getCompoundEntityRef,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  BERTH_PROJECT_ANNOTATION,
  BerthProject,
  ImageRule,
  ServiceRevision,
  ServiceSpec,
} from '@berth/plugin-berth-common';
import { assertDnsLabel } from '../names';
import { ServiceStore } from '../services/ServiceStore';
import { validateServiceSpec } from '../services/validateServiceSpec';
import { parseValuesYaml } from '../values';
import { ProjectStore } from './ProjectStore';
import { ChartArchiveReader, RepositoryChartRef } from '../charts/chartTypes';
import { validateValuesAgainstSchema } from '../charts/valuesSchema';
import { mergeValues } from '../values';
import { SecretValues, SecretWrites } from '../secretValues';

/** A dotted path of plain keys, as image rules are tried under any key. */
const IMAGE_RULE_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+){0,7}$/;

/**
 * Projects are catalog Systems annotated `berth.dev/project: "true"`. This
 * service keeps Berth's copy of them in step with the catalog and owns their
 * settings: services (with revisions), start order and project-wide values.
 */
export class ProjectService {
  constructor(
    private readonly deps: {
      projects: ProjectStore;
      services: ServiceStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      /** Imported chart archives: specs naming one are checked against it. */
      chartArchives?: ChartArchiveReader;
      /**
       * Checks a `path` chart (inside the chart root) and a repository chart
       * (a destination the outbound guard allows) before a revision is stored.
       */
      chartSources?: {
        path(path: string): string;
        assertRepositoryAllowed(chart: RepositoryChartRef): Promise<void>;
      };
      /** Seals secret values before they are stored; see SecretValues. */
      secrets?: SecretValues;
    },
  ) {}

  /** Reads the annotated Systems from the catalog and records them. */
  async syncFromCatalog(): Promise<number> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          kind: 'System',
          [`metadata.annotations.${BERTH_PROJECT_ANNOTATION}`]: 'true',
        },
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    for (const system of items) {
      await this.deps.projects.upsert(toProjectIdentity(system));
    }
    return items.length;
  }

  async listProjects(): Promise<BerthProject[]> {
    const projects = await this.deps.projects.list();
    return Promise.all(projects.map(p => this.getProject(p.ref)));
  }

  async getProject(ref: string): Promise<BerthProject> {
    const project = await this.deps.projects.get(ref);
    return {
      ref: project.ref,
      name: project.name,
      title: project.title,
      ownerRef: project.ownerRef,
      services: await this.deps.services.list(ref),
      startOrder: project.startOrder,
      values: project.values,
      ...(project.imageRules && { imageRules: project.imageRules }),
    };
  }

  /**
   * Sets where the project's charts keep their images (used when charts are
   * imported); an empty list goes back to Berth's defaults. Each path must be
   * a values path; a rule with a registry needs a tag.
   */
  async setImageRules(ref: string, rules: ImageRule[]): Promise<void> {
    rules.forEach((rule, index) => {
      const what = `image rule ${index + 1}`;
      for (const path of [rule.repository, rule.tag, rule.registry]) {
        if (path !== undefined && !IMAGE_RULE_PATH.test(path)) {
          throw new InputError(
            `The path '${path}' of ${what} is not a dotted path of plain keys (letters, digits, '_' or '-'), e.g. image.repository`,
          );
        }
      }
      if (rule.registry !== undefined && rule.tag === undefined) {
        throw new InputError(
          `${what} has a registry but no tag: without a tag the repository holds the whole reference`,
        );
      }
    });
    await this.deps.projects.updateSettings(ref, {
      imageRules: rules.length > 0 ? rules : null,
    });
  }

  /**
   * Sets the start order: every service of the project in exactly one group,
   * groups not empty.
   */
  async setStartOrder(ref: string, groups: string[][]): Promise<void> {
    const services = new Set(
      (await this.deps.services.list(ref)).map(s => s.name),
    );
    const seen = new Set<string>();
    groups.forEach((group, index) => {
      if (group.length === 0) {
        throw new InputError(`Start-order group ${index + 1} is empty`);
      }
      for (const name of group) {
        if (!services.has(name)) {
          throw new InputError(
            `Start-order group ${
              index + 1
            } names '${name}', which is not a service of the project`,
          );
        }
        if (seen.has(name)) {
          throw new InputError(
            `Service '${name}' is in more than one start-order group`,
          );
        }
        seen.add(name);
      }
    });
    const missing = [...services].filter(name => !seen.has(name));
    if (missing.length > 0) {
      throw new InputError(
        `Every service needs a start-order group; missing: ${missing.join(
          ', ',
        )}`,
      );
    }
    await this.deps.projects.updateSettings(ref, { startOrder: groups });
  }

  async setValues(ref: string, values: string): Promise<void> {
    const source = `values of project '${ref}'`;
    parseValuesYaml(values, { source });
    const { secrets } = this.deps;
    const writes = new SecretWrites();
    const sealed = secrets
      ? secrets.sealYaml(values, {
          source,
          current: (await this.deps.projects.get(ref)).values,
          writes,
        })
      : values;
    await secrets?.save({ kind: 'project', projectRef: ref }, writes);
    await this.deps.projects.updateSettings(ref, { values: sealed });
  }

  /** Adds a service at revision 1, and to the last start-order group. */
  async createService(
    ref: string,
    input: { name: string; componentRef: string; spec: ServiceSpec },
    actor: string,
  ) {
    assertDnsLabel(input.name, 'service name');
    const component = parseEntityRef(input.componentRef, {
      defaultKind: 'component',
    });
    if (component.kind.toLocaleLowerCase('en-US') !== 'component') {
      throw new InputError(
        `Service '${input.name}' must be bound to a Component, not '${input.componentRef}'`,
      );
    }
    validateServiceSpec(input.name, input.spec);
    const writes = new SecretWrites();
    const spec = await this.sealSpec(input.name, input.spec, writes);
    await this.checkChart(ref, input.name, spec, writes);
    const project = await this.deps.projects.get(ref);
    await this.deps.secrets?.save({ kind: 'project', projectRef: ref }, writes);
    const service = await this.deps.services.create({
      projectRef: ref,
      name: input.name,
      componentRef: stringifyEntityRef(component),
      spec,
      actor,
    });
    const startOrder = project.startOrder.length
      ? project.startOrder.map((g, i, all) =>
          i === all.length - 1 ? [...g, input.name] : g,
        )
      : [[input.name]];
    await this.deps.projects.updateSettings(ref, { startOrder });
    return service;
  }

  /** A service's revisions, newest first. */
  async listServiceRevisions(
    ref: string,
    name: string,
  ): Promise<ServiceRevision[]> {
    await this.getProject(ref);
    return this.deps.services.listRevisions(ref, name);
  }

  /** Any change of a service's spec is a new revision. */
  async addServiceRevision(
    ref: string,
    name: string,
    spec: ServiceSpec,
    actor: string,
  ): Promise<ServiceRevision> {
    validateServiceSpec(name, spec);
    const latest = await this.deps.services
      .listRevisions(ref, name)
      .then(revisions => revisions[0]?.spec)
      .catch(() => undefined);
    const writes = new SecretWrites();
    const sealed = await this.sealSpec(
      name,
      spec,
      writes,
      latest?.kind === 'helm' ? latest.values : undefined,
    );
    await this.checkChart(ref, name, sealed, writes);
    await this.deps.secrets?.save({ kind: 'project', projectRef: ref }, writes);
    return this.deps.services.addRevision({
      projectRef: ref,
      name,
      spec: sealed,
      actor,
    });
  }

  /**
   * A Helm spec with its secret values sealed: by key pattern, by the
   * imported chart's schema (`writeOnly`) and as marked `{ $secret: ... }`.
   */
  private async sealSpec(
    name: string,
    spec: ServiceSpec,
    writes: SecretWrites,
    current?: string,
  ): Promise<ServiceSpec> {
    const { secrets } = this.deps;
    if (!secrets || spec.kind !== 'helm') return spec;
    const schema =
      spec.chart.type === 'archive' && this.deps.chartArchives
        ? (await this.deps.chartArchives.get(spec.chart.digest)).schema
        : undefined;
    return {
      ...spec,
      values: secrets.sealYaml(spec.values, {
        source: `values of service '${name}'`,
        current,
        schemas: schema ? [schema] : [],
        writes,
      }),
    };
  }

  /** Values with their secret values read, to check against a schema. */
  private async openedValues(
    ref: string,
    text: string,
    source: string,
    writes: SecretWrites,
  ) {
    const values = parseValuesYaml(text, { source });
    const opened = await this.deps.secrets?.open(
      values,
      source,
      [{ kind: 'project', projectRef: ref }],
      writes.entries,
    );
    return mergeValues(values, opened?.secretValues);
  }

  /**
   * A `path` chart lies inside the chart root; a repository chart is on a
   * destination the outbound guard allows (nothing is fetched here).
   * A spec naming an imported chart archive: the archive exists, is the
   * chart and version named, and the values pass its values.schema.json.
   */
  private async checkChart(
    ref: string,
    name: string,
    spec: ServiceSpec,
    writes: SecretWrites,
  ) {
    if (spec.kind !== 'helm') return;
    const sources = this.deps.chartSources;
    if (spec.chart.type === 'path') {
      sources?.path(spec.chart.path);
      return;
    }
    if (spec.chart.type === 'repository') {
      await sources?.assertRepositoryAllowed({
        repoUrl: spec.chart.url,
        name: spec.chart.name,
        version: spec.chart.version,
      });
      return;
    }
    if (!this.deps.chartArchives) {
      throw new InputError('Imported charts are not available here');
    }
    const info = await this.deps.chartArchives.get(spec.chart.digest);
    if (
      info.metadata.name !== spec.chart.name ||
      info.metadata.version !== spec.chart.version
    ) {
      throw new InputError(
        `Chart archive ${spec.chart.digest} is '${info.metadata.name}' ${info.metadata.version}, not '${spec.chart.name}' ${spec.chart.version}`,
      );
    }
    validateValuesAgainstSchema(
      info.schema,
      mergeValues(
        parseValuesYaml(info.values, {
          source: `values.yaml of chart '${info.metadata.name}'`,
          maxBytes: 1024 * 1024,
        }),
        await this.openedValues(
          ref,
          spec.values,
          `values of service '${name}'`,
          writes,
        ),
      ),
      `The values of service '${name}'`,
    );
  }
}

function toProjectIdentity(system: Entity) {
  const owner = system.relations?.find(r => r.type === RELATION_OWNED_BY);
  return {
    ref: stringifyEntityRef(system),
    name: getCompoundEntityRef(system).name,
    title: system.metadata.title,
    ownerRef: owner?.targetRef,
  };
}
