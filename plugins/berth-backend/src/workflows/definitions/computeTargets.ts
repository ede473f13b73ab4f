import {
  BerthWorkflow,
  WorkflowDefinition,
  WorkflowParamValue,
} from '@berth/plugin-berth-common';
import { parseExpression, wholeExpression } from './expressions';
import { refuse } from './parseDefinition';

/** An environment a `deploy` job names, as the permission rules need it. */
export interface ResolvedEnvironment {
  id: string;
  tier: string;
  cluster: string;
}

/** Finds an environment of a project by name or id; undefined when none. */
export type ResolveEnvironment = (
  projectRef: string,
  nameOrId: string,
) => Promise<ResolvedEnvironment | undefined>;

/** Job types whose `spec.environment` names an environment they deploy to. */
export const DEPLOYING_JOB_TYPES = ['deploy'];

/**
 * The tiers, clusters and environments a workflow deploys to: each deploy
 * job's `environment` — a name or id, or `${params.x}` standing for the
 * param's options and default (or, given `params`, the run's value).
 * InputError, naming the job's path, for an environment the project does
 * not have.
 */
export async function computeTargets(
  definition: WorkflowDefinition,
  projectRef: string,
  resolveEnvironment: ResolveEnvironment,
  params?: Record<string, WorkflowParamValue>,
): Promise<BerthWorkflow['targets']> {
  const problems: string[] = [];
  const found = new Map<string, ResolvedEnvironment>();
  const paramsByName = new Map((definition.params ?? []).map(p => [p.name, p]));
  for (const [s, stage] of definition.stages.entries()) {
    for (const [j, job] of stage.jobs.entries()) {
      if (!DEPLOYING_JOB_TYPES.includes(job.type)) continue;
      const value = job.spec.environment;
      if (typeof value !== 'string') continue;
      const at = `stages[${s}].jobs[${j}].spec.environment`;
      const whole = wholeExpression(value);
      let names: string[] = [value];
      let strict = true;
      if (whole !== undefined) {
        const ref = parseExpression(whole);
        if (ref?.kind !== 'params') continue;
        const p = paramsByName.get(ref.name);
        if (params) {
          const given = params[ref.name];
          names = typeof given === 'string' ? [given] : [];
        } else {
          strict = false;
          names = [
            ...(p?.options ?? []),
            ...(typeof p?.default === 'string' ? [p.default] : []),
          ];
        }
      }
      for (const name of new Set(names)) {
        const env = await resolveEnvironment(projectRef, name);
        if (env) found.set(env.id, env);
        else if (strict) {
          problems.push(
            `${at}: project ${projectRef} has no environment '${name}'`,
          );
        }
      }
    }
  }
  if (problems.length) refuse(problems);
  const envs = [...found.values()];
  return {
    tiers: [...new Set(envs.map(e => e.tier))].sort(),
    clusters: [...new Set(envs.map(e => e.cluster))].sort(),
    environments: envs.map(e => e.id).sort(),
  };
}
