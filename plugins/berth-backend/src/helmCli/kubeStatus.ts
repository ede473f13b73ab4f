import { ServerResponse } from 'node:http';

/** The parts of a Kubernetes `Status` the proxy reads from a refusal. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
}

/** Sends a Kubernetes `Status` object (kind Status, apiVersion v1). */
export function sendStatus(
  res: ServerResponse,
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
) {
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  });
  res.writeHead(code, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * The name, group and kind (the resource) of a refusal's `Status`, when
 * its body is one; nothing else of it is kept.
 */
export function statusDetails(body: Buffer): StatusDetails {
  try {
    const status = JSON.parse(body.toString('utf8'));
    const details = status?.details;
    if (typeof details !== 'object' || details === null) return {};
    const pick = (value: unknown) =>
      typeof value === 'string' && value ? value : undefined;
    return {
      name: pick(details.name),
      group: pick(details.group),
      kind: pick(details.kind),
    };
  } catch {
    return {};
  }
}

/** The message the API server gives a NotFound, e.g. `secrets "db" not found`. */
export function notFoundMessage(details: StatusDetails): string {
  const resource = details.kind
    ? `${details.kind}${details.group ? `.${details.group}` : ''}`
    : 'the object';
  return details.name
    ? `${resource} "${details.name}" not found`
    : `${resource} not found`;
}
