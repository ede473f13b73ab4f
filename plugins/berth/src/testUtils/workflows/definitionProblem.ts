/**
 * What the backend would refuse in a workflow definition, as its InputError
 * message `<path>: <problem>`; undefined when the fake accepts it. Only the
 * checks the portal's tests need: stages, jobs with a name and a type, params
 * with a name and a known type.
 */
export function definitionProblem(definition: unknown): string | undefined {
  if (typeof definition !== 'object' || definition === null) {
    return 'definition: must be an object';
  }
  const d = definition as Record<string, unknown>;
  if (!Array.isArray(d.stages) || d.stages.length === 0) {
    return 'stages: must have at least one stage';
  }
  for (const [i, stage] of (
    d.stages as Array<Record<string, unknown>>
  ).entries()) {
    if (!stage?.name) return `stages[${i}].name: is required`;
    if (!Array.isArray(stage.jobs) || stage.jobs.length === 0) {
      return `stages[${i}].jobs: must have at least one job`;
    }
    for (const [j, job] of (
      stage.jobs as Array<Record<string, unknown>>
    ).entries()) {
      if (!job?.name) return `stages[${i}].jobs[${j}].name: is required`;
      if (!job.type) return `stages[${i}].jobs[${j}].type: is required`;
    }
  }
  for (const [i, param] of (
    (d.params ?? []) as Array<Record<string, unknown>>
  ).entries()) {
    if (!param?.name) return `params[${i}].name: is required`;
  }
  return undefined;
}
