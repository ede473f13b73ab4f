import {
  WorkflowDefinition,
  WorkflowParamValue,
} from '@berth/plugin-berth-common';
import {
  expressionsIn,
  parseExpression,
  resolveExpressions,
  walkStrings,
  wholeExpression,
} from '../definitions/expressions';
import { KnownParams, UNRESOLVED } from './deployTargets';

/** Every workflow of the project (but the triggering one). */
export const ANY_WORKFLOW = Symbol('any workflow');

/** One `trigger-workflow` job of a definition, as far as it is known before its run. */
export interface TriggerEdge {
  stageIndex: number;
  jobIndex: number;
  job: string;
  /** The workflow names it may start, or ANY_WORKFLOW. */
  names: string[] | typeof ANY_WORKFLOW;
  /** Whether `names` is the job's literal `workflow` (not an expression). */
  literal: boolean;
  /** The params it passes, UNRESOLVED where they are not known yet. */
  params: KnownParams;
}

/**
 * The `trigger-workflow` jobs of `definition`. Given the run's `params`
 * (UNRESOLVED ones allowed), `${params.x}` in the job's `workflow` and
 * params are their values (else the param's default); at save time
 * (`params` undefined) and for UNRESOLVED values a `workflow` of
 * `${params.x}` may be any option of the param (any workflow when it has
 * none), a mapped param is UNRESOLVED. Any other expression (an upstream
 * job's output, `${run.id}`) is not known before the job runs: ANY_WORKFLOW
 * for `workflow`, UNRESOLVED for a param. Shapes the service refuses are
 * skipped, not thrown.
 */
export function triggerEdgesOf(
  definition: WorkflowDefinition,
  params?: KnownParams,
): TriggerEdge[] {
  const edges: TriggerEdge[] = [];
  const declared = Array.isArray(definition?.params) ? definition.params : [];
  const value = (name: string) => {
    if (!params) return UNRESOLVED;
    return params[name] ?? declared.find(p => p?.name === name)?.default;
  };
  const stages = Array.isArray(definition?.stages) ? definition.stages : [];
  stages.forEach((stage, stageIndex) => {
    const jobs = Array.isArray(stage?.jobs) ? stage.jobs : [];
    jobs.forEach((job, jobIndex) => {
      if (job?.type !== 'trigger-workflow') return;
      const spec = (job.spec ?? {}) as Record<string, unknown>;
      if (typeof spec.workflow !== 'string') return;
      const workflow = spec.workflow.trim();
      const mapped =
        spec.params && typeof spec.params === 'object'
          ? (spec.params as Record<string, unknown>)
          : {};
      edges.push({
        stageIndex,
        jobIndex,
        job: String(job.name),
        names: workflowNames(workflow, declared, value),
        literal: !workflow.includes('${'),
        params: knownParams(mapped, value),
      });
    });
  });
  return edges;
}

/**
 * The params a job passes, resolved as far as known. One naming a param
 * without a value is left out (the job fails on it before starting
 * anything; left out, the triggered workflow's default stands for it).
 */
function knownParams(
  mapped: Record<string, unknown>,
  value: ValueOf,
): KnownParams {
  const known: KnownParams = {};
  for (const [key, raw] of Object.entries(mapped)) {
    const resolved = resolveKnown(raw, value);
    if (resolved !== undefined) known[key] = resolved;
  }
  return known;
}

type ValueOf = (
  param: string,
) => WorkflowParamValue | typeof UNRESOLVED | undefined;

function workflowNames(
  workflow: string,
  declared: NonNullable<WorkflowDefinition['params']>,
  value: ValueOf,
): string[] | typeof ANY_WORKFLOW {
  if (!workflow.includes('${')) return [workflow];
  const whole = wholeExpression(workflow);
  const ref = whole === undefined ? undefined : parseExpression(whole);
  if (ref?.kind === 'params' && value(ref.name) === UNRESOLVED) {
    const param = declared.find(p => p?.name === ref.name);
    const options = [
      ...(param?.options ?? []),
      ...(typeof param?.default === 'string' ? [param.default] : []),
    ];
    return options.length ? [...new Set(options)] : ANY_WORKFLOW;
  }
  const resolved = resolveKnown(workflow, value);
  if (resolved === UNRESOLVED) return ANY_WORKFLOW;
  return typeof resolved === 'string' ? [resolved.trim()] : [];
}

/**
 * A value with its `${params.x}` resolved; UNRESOLVED when it refers to
 * anything else or to a param whose value is not known. undefined when a
 * param has no value (the job will fail on it).
 */
function resolveKnown(
  raw: unknown,
  value: ValueOf,
): WorkflowParamValue | typeof UNRESOLVED | undefined {
  const known: Record<string, unknown> = {};
  let unresolved = false;
  let missing = false;
  walkStrings(raw, [], text => {
    for (const inner of expressionsIn(text)) {
      const ref = parseExpression(inner);
      if (ref?.kind !== 'params') {
        unresolved = true;
        continue;
      }
      const v = value(ref.name);
      if (v === UNRESOLVED) unresolved = true;
      else if (v === undefined) missing = true;
      else known[ref.name] = v;
    }
  });
  if (unresolved) return UNRESOLVED;
  if (missing) return undefined;
  return resolveExpressions(raw, {
    params: known,
    jobs: {},
    run: { id: '', sequence: 0 },
  }) as WorkflowParamValue;
}
