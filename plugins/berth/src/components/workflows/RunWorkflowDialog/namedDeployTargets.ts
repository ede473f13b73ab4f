import { WorkflowDefinition, WorkflowParam } from '@berth/plugin-berth-common';
import { ParamValues } from './paramValues';

/** An environment a `deploy` job names other than through an environment param. */
export interface NamedDeployTarget {
  job: string;
  /** A name or an id, as written in the job or given to its param. */
  environment: string;
}

const PARAM = /^\$\{\s*params\.([A-Za-z0-9_-]+)\s*\}$/;

/**
 * What the `deploy` jobs of `definition` deploy to, with the form's
 * `values`, where it is known before the run: an `environment` written
 * literally, or `${params.x}` of a param that is not an environment param
 * (those have their own note under their field). Other expressions (an
 * upstream job's output) are known only when the run gets there; the server
 * checks what they may be when the run is created.
 */
export function namedDeployTargets(
  definition: WorkflowDefinition,
  params: WorkflowParam[],
  values: ParamValues,
): NamedDeployTarget[] {
  const targets: NamedDeployTarget[] = [];
  for (const stage of definition.stages ?? []) {
    for (const job of stage.jobs ?? []) {
      if (job.type !== 'deploy') continue;
      const named = (job.spec ?? {}).environment;
      if (typeof named !== 'string') continue;
      const ref = PARAM.exec(named.trim());
      if (!ref) {
        if (!named.includes('${')) {
          targets.push({ job: job.name, environment: named.trim() });
        }
        continue;
      }
      const param = params.find(p => p.name === ref[1]);
      const value = values[ref[1]];
      if (param?.type !== 'environment' && typeof value === 'string' && value) {
        targets.push({ job: job.name, environment: value });
      }
    }
  }
  return targets;
}
