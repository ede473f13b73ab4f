import { ExplainRouteRequest } from '@berth/plugin-berth-common';
import { parseKeyValueLines } from '../../../lib/keyValueLines';
import { BerthTranslate, englishBerthT } from '../../../translation';

/** What the user typed in the explain-route form. */
export interface ExplainDraft {
  service: string;
  /** One `name: value` per line. */
  headers: string;
  path: string;
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

/** The request of a draft whose headers parse (header names in lower case, as HTTP/2 sends them). */
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
  return {
    service: draft.service,
    headers,
    ...(draft.path.trim() ? { path: draft.path.trim() } : {}),
  };
}
