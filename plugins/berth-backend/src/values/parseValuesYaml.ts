import {
  parseCheckedYamlDocuments,
  SafeYamlOptions,
  YamlErrorReporter,
  yamlDocumentToPlain,
} from './safeYaml';
import { isPlainObject } from './plainValues';

/**
 * Parses a Helm values text (one YAML document whose top level is a mapping)
 * into a plain object. An empty text, or one of comments only, gives `{}`.
 *
 * Throws InputError, naming `options.source` and the line, for: a text over
 * `options.maxBytes` (256 KiB by default), invalid YAML, more than one
 * document, a top level that is not a mapping, duplicate keys, tags other
 * than the standard ones (`!!str`, `!!int`, ...), and aliases that would
 * expand beyond the size limit ("billion laughs").
 */
export function parseValuesYaml(
  text: string,
  options: SafeYamlOptions = {},
): Record<string, unknown> {
  const reporter = new YamlErrorReporter(options.source ?? 'values');
  const docs = parseCheckedYamlDocuments(text, reporter, options);
  if (docs.length > 1) {
    reporter.fail(
      `a values file holds one YAML document, but this text has ${docs.length}`,
      docs[1].range?.[0],
    );
  }
  if (docs.length === 0) {
    return {};
  }
  const data = yamlDocumentToPlain(docs[0], reporter);
  if (data === null) {
    return {};
  }
  if (!isPlainObject(data)) {
    const kind = Array.isArray(data)
      ? 'a list'
      : `the ${typeof data} ${JSON.stringify(data)}`;
    return reporter.fail(
      `the top level must be a mapping of keys to values, not ${kind}`,
      docs[0].contents?.range?.[0],
    );
  }
  return data;
}
