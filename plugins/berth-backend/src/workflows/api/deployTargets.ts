import {
  WorkflowDefinition,
  WorkflowParamValue,
} from '@berth/plugin-berth-common';

/** An environment of the workflow's project, as the targets need it. */
export interface TargetEnvironment {
  id: string;
  name: string;
  tier: string;
  cluster: string;
}

/** The environments one `deploy` job may deploy to. */
export interface DeployJobTargets {
  stageIndex: number;
  jobIndex: number;
  environments: TargetEnvironment[];
  /** Values naming no environment of the project (maybe another project's id). */
  unmatched: string[];
}

/** Any environment of the project. */
const ALL = Symbol('all');

/**
 * A param value not known when the run is created (e.g. mapped by a
 * `trigger-workflow` job from an upstream job's output): it may be any of
 * the param's options, or any environment when it has none.
 */
export const UNRESOLVED = Symbol('unresolved');

/** Param values of a run, some of them perhaps not known yet. */
export type KnownParams = Record<
  string,
  WorkflowParamValue | typeof UNRESOLVED
>;

const PARAM = /^\$\{\s*params\.([A-Za-z0-9_-]+)\s*\}$/;

/**
 * The environments each `deploy` job of `definition` may deploy to, among
 * the project's `environments`. Its `environment` (a name or an id) is taken
 * literally; `${params.x}` is the run's value when `params` are given (else
 * the param's default), or at save time (or when the value is UNRESOLVED)
 * every option of the param (every environment of the project when it has
 * none); any other expression may be
 * any environment. Values naming no environment of the project are listed
 * as `unmatched`. Shapes the service refuses are skipped, not thrown.
 */
export function deployTargetsOf(
  definition: WorkflowDefinition,
  environments: TargetEnvironment[],
  params?: KnownParams,
): DeployJobTargets[] {
  const found: DeployJobTargets[] = [];
  const lookup = (value: string) =>
    environments.filter(e => e.name === value || e.id === value);
  const stages = Array.isArray(definition?.stages) ? definition.stages : [];
  stages.forEach((stage, stageIndex) => {
    const jobs = Array.isArray(stage?.jobs) ? stage.jobs : [];
    jobs.forEach((job, jobIndex) => {
      if (job?.type !== 'deploy') return;
      const named = (job.spec ?? {}).environment;
      if (typeof named !== 'string') return;
      const names = candidates(named, definition, environments, params);
      found.push({
        stageIndex,
        jobIndex,
        environments: names === ALL ? environments : names.flatMap(lookup),
        unmatched:
          names === ALL ? [] : names.filter(n => lookup(n).length === 0),
      });
    });
  });
  return found;
}

/** Every environment any deploy job may deploy to, once each. */
export function allTargets(targets: DeployJobTargets[]): TargetEnvironment[] {
  const byId = new Map<string, TargetEnvironment>();
  for (const t of targets) for (const e of t.environments) byId.set(e.id, e);
  return [...byId.values()];
}

/** The names or ids a deploy job's `environment` may come to, or ALL. */
function candidates(
  named: string,
  definition: WorkflowDefinition,
  environments: TargetEnvironment[],
  params: KnownParams | undefined,
): string[] | typeof ALL {
  if (!named.includes('${')) return [named];
  const param = PARAM.exec(named.trim());
  if (!param) return ALL;
  const declared = (
    Array.isArray(definition.params) ? definition.params : []
  ).find(p => p?.name === param[1]);
  const value = params ? params[param[1]] ?? declared?.default : UNRESOLVED;
  if (typeof value === 'string') return [value];
  if (value === undefined) return [];
  if (value !== UNRESOLVED) return ALL;
  if (declared?.options?.length) return declared.options;
  return environments.length ? ALL : [];
}
