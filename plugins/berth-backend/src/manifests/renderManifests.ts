import { InputError } from '@backstage/errors';
import { randomBytes } from 'crypto';
import { Document, isScalar, Node, Scalar, visit } from 'yaml';
import {
  assertYamlSize,
  checkYamlDocument,
  DEFAULT_MAX_YAML_BYTES,
  parseCheckedYamlDocuments,
  YamlErrorReporter,
  yamlDocumentToPlain,
} from '../values/safeYaml';
import { checkManifestObject } from './checkManifestObject';
import { findPlaceholders } from './placeholders';
import { resolveVariableValues } from './resolveVariableValues';
import { KubernetesObject, ManifestVariable } from './types';
import { validateVariableDefinitions } from './validateVariableDefinitions';

/** Options of {@link renderManifests}. */
export interface RenderManifestsOptions {
  /** Names the text in errors, e.g. "manifests of service 'cache'". */
  source?: string;
  /** The largest text accepted, in UTF-8 bytes; 256 KiB by default. */
  maxBytes?: number;
}

/**
 * Renders the YAML of a manifests service into Kubernetes objects.
 *
 * The definitions are checked against the text (validateVariableDefinitions)
 * and the values resolved (resolveVariableValues). Each `{{ .name }}` is then
 * replaced in the parsed YAML, never spliced into the text, so no value can
 * change the structure around it:
 * - a placeholder that is a whole plain (unquoted) scalar becomes the value
 *   with its type: a string stays a string even if it reads "yes" or "1.0",
 *   a number a number, a boolean a boolean, a `yaml` value its data (like
 *   flow-style JSON would), an optional variable without value null;
 * - a placeholder inside a longer scalar, or alone in a quoted or block
 *   scalar, is replaced by the value's text (null gives ''), as the author
 *   asked for a string there; a `yaml` value is refused in that place.
 *
 * The result goes through the same protections as values (size, aliases,
 * tags, duplicate keys). Empty documents are skipped; each other document
 * must be a namespaced object (checkManifestObject), and no two may have the
 * same kind and name. Throws InputError naming `options.source`, the line
 * and the problem.
 */
export function renderManifests(
  text: string,
  variables: readonly ManifestVariable[] | unknown,
  values: Readonly<Record<string, unknown>> | undefined,
  options: RenderManifestsOptions = {},
): KubernetesObject[] {
  const source = options.source ?? 'manifests';
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_YAML_BYTES;
  assertYamlSize(text, source, maxBytes);
  const checked = validateVariableDefinitions(variables, text, { source });
  const resolved = resolveVariableValues(checked.variables, values, { source });
  const byName = new Map(checked.variables.map(v => [v.name, v]));

  // Placeholders become unique plain words, so the template parses as YAML.
  let nonce = randomBytes(6).toString('hex');
  while (text.includes(`berthvar${nonce}`)) {
    nonce = randomBytes(6).toString('hex');
  }
  const names = checked.variables.map(v => v.name);
  const tokenOf = (name: string) => `berthvar${nonce}v${names.indexOf(name)}e`;
  const tokens = new RegExp(`berthvar${nonce}v(\\d+)e`, 'g');
  let template = '';
  let last = 0;
  for (const use of findPlaceholders(text, source)) {
    template += text.slice(last, use.start) + tokenOf(use.name);
    last = use.end;
  }
  template += text.slice(last);

  // Lines survive the replacement, columns may not.
  const reporter = new YamlErrorReporter(source, false);
  const docs = parseCheckedYamlDocuments(template, reporter, {
    maxBytes: Infinity,
    maxExpandedBytes: maxBytes * 4,
  });

  const substitute = (
    doc: Document,
    scalar: Scalar,
    isKey: boolean,
  ): Node | undefined => {
    if (typeof scalar.value !== 'string' || !scalar.value.includes(nonce)) {
      return undefined;
    }
    const whole = scalar.value.match(new RegExp(`^${tokens.source}$`));
    const offset = scalar.range?.[0];
    if (whole && !isKey && scalar.type === Scalar.PLAIN) {
      const name = names[Number(whole[1])];
      return doc.createNode(resolved[name], {
        aliasDuplicateObjects: false,
      });
    }
    const interpolated = scalar.value.replace(tokens, (_, index: string) => {
      const name = names[Number(index)];
      if (byName.get(name)!.type === 'yaml') {
        reporter.fail(
          `{{ .${name} }} is a yaml variable, so it must stand alone as an unquoted value, not be part of ${
            isKey ? 'a key' : 'a string'
          }`,
          offset,
        );
      }
      const value = resolved[name];
      return value === null || value === undefined ? '' : String(value);
    });
    return new Scalar(interpolated);
  };

  const objects: KubernetesObject[] = [];
  const seen = new Map<string, number>();
  docs.forEach((doc, index) => {
    replaceTokens(doc, substitute);
    checkYamlDocument(doc, reporter, maxBytes * 4);
    const data = yamlDocumentToPlain(doc, reporter);
    if (data === null) {
      return;
    }
    const line = reporter.lineCounter.linePos(
      doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0,
    ).line;
    const where = `${source}: document ${index + 1} (line ${line})`;
    const object = checkManifestObject(data, where);
    const group = object.apiVersion.includes('/')
      ? object.apiVersion.split('/')[0]
      : '';
    const key = `${group}/${object.kind}/${object.metadata.name}`;
    if (seen.has(key)) {
      throw new InputError(
        `${where}: ${object.kind} '${
          object.metadata.name
        }' is defined twice (documents ${seen.get(key)} and ${index + 1})`,
      );
    }
    seen.set(key, index + 1);
    objects.push(object);
  });
  return objects;
}

/** Replaces scalars of a document as `substitute` says, keys included. */
function replaceTokens(
  doc: Document,
  substitute: (
    doc: Document,
    scalar: Scalar,
    isKey: boolean,
  ) => Node | undefined,
): void {
  visit(doc, {
    Scalar(key, node) {
      if (!isScalar(node)) {
        return undefined;
      }
      const replacement = substitute(doc, node as Scalar, key === 'key');
      if (!replacement) {
        return undefined;
      }
      // Keep the anchor for aliases, and the place for error messages.
      if (node.anchor) {
        (replacement as Scalar).anchor = node.anchor;
      }
      (replacement as Scalar).range = node.range;
      return replacement;
    },
  });
}
