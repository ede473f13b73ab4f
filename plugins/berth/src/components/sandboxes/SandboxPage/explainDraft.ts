import { ExplainRouteRequest } from '@berth/plugin-berth-common';
import { parseKeyValueLines } from '../../../lib/keyValueLines';
import { BerthTranslate, englishBerthT } from '../../../translation';

/** What the user typed in the explain-route form. */
export interface ExplainDraft {
  service: string;
  /** One `name: value` per line. */
  headers: string;
  /** Optional, as the rest: sent only when filled. */
  path: string;
  host: string;
  /** An HTTP method, or empty: any. */
  method: string;
}

/** The methods the explain form offers. */
export const EXPLAIN_METHODS = [
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
];

/** A draft for `service` with these headers, no path, host or method. */
export function emptyExplainDraft(
  service: string,
  headers: string,
): ExplainDraft {
  return { service, headers, path: '', host: '', method: '' };
}

/** Why the headers cannot be sent, or undefined. */
export function explainHeadersProblem(
  headers: string,
  t: BerthTranslate = englishBerthT,
): string | undefined {
  const parsed = parseKeyValueLines(headers, ':');
  if ('values' in parsed) return undefined;
  return t('sandboxes.explain.headerProblem', {
    line: String(parsed.problem.line),
    text: parsed.problem.text,
  });
}

/**
 * The request of a draft whose headers parse (header names in lower case,
 * as HTTP/2 sends them); path, host and method only when they are filled.
 */
export function toExplainRequest(draft: ExplainDraft): ExplainRouteRequest {
  const parsed = parseKeyValueLines(draft.headers, ':');
  const headers =
    'values' in parsed
      ? Object.fromEntries(
          Object.entries(parsed.values).map(([name, value]) => [
            name.toLowerCase(),
            value,
          ]),
        )
      : {};
  const request: ExplainRouteRequest = { service: draft.service, headers };
  const path = draft.path.trim();
  const host = draft.host.trim();
  if (path) request.path = path;
  if (host) request.host = host;
  if (draft.method) request.method = draft.method;
  return request;
}
