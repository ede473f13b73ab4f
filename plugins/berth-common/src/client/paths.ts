import type { ProjectRef } from './BerthClient';

/** `/projects/<namespace>/<name>` of a System entity ref. */
export function projectPath(project: ProjectRef): string {
  return `/projects/${segments(project.namespace, project.name)}`;
}

/** `/components/<namespace>/<name>` of a Component entity ref. */
export function componentPath(component: ProjectRef): string {
  return `/components/${segments(component.namespace, component.name)}`;
}

export function projectServicePath(
  project: ProjectRef,
  service: string,
): string {
  return `${projectPath(project)}/services/${segments(service)}`;
}

export function environmentPath(id: string): string {
  return `/environments/${segments(id)}`;
}

export function servicePath(id: string, service: string): string {
  return `${environmentPath(id)}/services/${segments(service)}`;
}

export function configPath(id: string, kind: string, name: string): string {
  return `${environmentPath(id)}/configs/${segments(kind, name)}`;
}

export function operationPath(
  environmentId: string,
  operationId: string,
): string {
  return `${environmentPath(environmentId)}/operations/${segments(
    operationId,
  )}`;
}

export function workflowPath(id: string): string {
  return `/workflows/${segments(id)}`;
}

export function workflowRunPath(runId: string): string {
  return `/workflow-runs/${segments(runId)}`;
}

export function workflowJobLogsPath(runId: string, jobRunId: string): string {
  return `${workflowRunPath(runId)}/jobs/${segments(jobRunId)}/logs`;
}

/**
 * `?a=1&b=2` of the options that are set (neither undefined nor false), or
 * '' when none is.
 */
export function queryString(
  options: Record<string, string | number | boolean | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options)) {
    if (value !== undefined && value !== false) {
      params.set(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function segments(...parts: string[]): string {
  return parts.map(encodeURIComponent).join('/');
}

export function sandboxPath(id: string): string {
  return `/sandboxes/${segments(id)}`;
}
