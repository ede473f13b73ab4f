import {
  BerthWorkflow,
  WorkflowParamValue,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';

const PARAM = /^\$\{\s*params\.([\w-]+)\s*\}$/;

/** The service names a deploy job's `services` entry stands for, with the run's params. */
function resolve(
  entry: unknown,
  params: Record<string, WorkflowParamValue>,
): string[] {
  if (typeof entry !== 'string') return [];
  const match = PARAM.exec(entry.trim());
  if (!match) return [entry];
  const value = params[match[1]];
  if (Array.isArray(value)) return value.map(String);
  return value === undefined ? [] : [String(value)];
}

/** Whether a `services` spec (a list or one `${params.x}`) names the service for these params. */
function names(
  services: unknown,
  service: string,
  params: Record<string, WorkflowParamValue>,
): boolean {
  const entries = Array.isArray(services) ? services : [services];
  return entries.some(e => resolve(e, params).includes(service));
}

/**
 * The runs that deploy a service, judged on the client from the workflows'
 * newest definitions: a `deploy` job without `services` deploys them all,
 * else its `services` (literal names or `${params.x}` resolved with the
 * run's params) must name the service.
 */
export function runsTouching(
  runs: WorkflowRunSummary[],
  workflows: BerthWorkflow[],
  service: string,
): WorkflowRunSummary[] {
  const byId = new Map(workflows.map(w => [w.id, w]));
  return runs.filter(run => {
    const workflow = byId.get(run.workflowId);
    if (!workflow) return false;
    return workflow.definition.stages
      .flatMap(s => s.jobs)
      .filter(j => j.type === 'deploy')
      .some(j =>
        j.spec.services === undefined
          ? true
          : names(j.spec.services, service, run.params),
      );
  });
}
