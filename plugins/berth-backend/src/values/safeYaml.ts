import { InputError } from '@backstage/errors';
import {
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  parseAllDocuments,
  ParseOptions,
  DocumentOptions,
  SchemaOptions,
  YAMLError,
} from 'yaml';
import { clonePlain } from './plainValues';

/** The largest YAML text accepted by default: 256 KiB. */
export const DEFAULT_MAX_YAML_BYTES = 256 * 1024;

/** How deeply collections may nest, aliases expanded. */
export const MAX_YAML_DEPTH = 100;

/** Passed to the yaml package's `toJS({ maxAliasCount })`. */
export const MAX_YAML_ALIAS_COUNT = 100;

/** Options of the safe YAML readers. */
export interface SafeYamlOptions {
  /** Names the text in error messages, e.g. "values of service 'cart'". */
  source?: string;
  /** The largest text accepted, in UTF-8 bytes; 256 KiB by default. */
  maxBytes?: number;
  /**
   * The largest size the data may have once aliases are expanded, counted
   * roughly in bytes of JSON; four times `maxBytes` by default.
   */
  maxExpandedBytes?: number;
}

/** The yaml package's options for the parsers in this folder. */
export const SAFE_YAML_PARSE_OPTIONS: ParseOptions &
  DocumentOptions &
  SchemaOptions = Object.freeze({
  version: '1.2',
  schema: 'core',
  merge: true,
  // Checked in checkYamlDocument: the yaml package's own check is quadratic.
  uniqueKeys: false,
  resolveKnownTags: false,
  prettyErrors: true,
  strict: true,
});

const ALLOWED_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map(
    name => `tag:yaml.org,2002:${name}`,
  ),
);

function shortTag(tag: string): string {
  return tag.startsWith('tag:yaml.org,2002:')
    ? `!!${tag.slice('tag:yaml.org,2002:'.length)}`
    : tag;
}

/**
 * Builds error messages of the form "<source>: line 3, column 5: <problem>".
 */
export class YamlErrorReporter {
  readonly lineCounter = new LineCounter();

  /**
   * @param source - names the text, e.g. "values of service 'cart'"
   * @param showColumns - false when columns would mislead, e.g. in a text
   * whose placeholders were replaced by something of another length
   */
  constructor(readonly source: string, readonly showColumns = true) {}

  fail(problem: string, offset?: number): never {
    throw new InputError(`${this.source}: ${this.where(offset)}${problem}`);
  }

  where(offset?: number): string {
    if (offset === undefined) {
      return '';
    }
    const { line, col } = this.lineCounter.linePos(offset);
    return this.position(line, col);
  }

  failOnYamlError(error: YAMLError): never {
    const problem = error.message
      .split('\n')[0]
      .replace(/ at line \d+, column \d+:?$/, '');
    const pos = error.linePos?.[0];
    const where = pos ? this.position(pos.line, pos.col) : '';
    throw new InputError(`${this.source}: ${where}${problem}`);
  }

  private position(line: number, column: number): string {
    return this.showColumns
      ? `line ${line}, column ${column}: `
      : `line ${line}: `;
  }
}

/** Refuses a text longer than `maxBytes` UTF-8 bytes. */
export function assertYamlSize(
  text: string,
  source: string,
  maxBytes: number = DEFAULT_MAX_YAML_BYTES,
): void {
  if (typeof text !== 'string') {
    throw new InputError(`${source}: expected YAML text, got ${typeof text}`);
  }
  // Cheap bound first: a UTF-8 character takes at most 3 bytes per UTF-16 unit.
  if (text.length * 3 > maxBytes) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > maxBytes) {
      throw new InputError(
        `${source}: the text is ${bytes} bytes long, more than the limit of ${maxBytes} bytes`,
      );
    }
  }
}

/**
 * Refuses a key seen before in the same mapping. Keys are compared as the
 * strings they become in JavaScript, so `1:` and `"1":` collide too.
 */
function checkUniqueKey(
  keys: Map<string, number | undefined>,
  key: unknown,
  reporter: YamlErrorReporter,
): void {
  const scalar = isScalar(key) ? key : undefined;
  const name =
    scalar === undefined || scalar.value === null ? '' : String(scalar.value);
  const offset = scalar?.range?.[0];
  if (keys.has(name)) {
    const first = keys.get(name);
    const firstLine =
      first === undefined
        ? ''
        : ` (first on line ${reporter.lineCounter.linePos(first).line})`;
    reporter.fail(
      `the key '${name}' appears more than once in the same mapping${firstLine}`,
      offset,
    );
  }
  keys.set(name, offset);
}

interface Measure {
  size: number;
  height: number;
}

/**
 * Walks a parsed document once, expanding no alias, and refuses custom tags,
 * keys that are collections, aliases to no anchor or to a node that contains
 * them, and data that would be larger or deeper than allowed once aliases are
 * expanded (the "billion laughs" attack). Linear in the size of the document.
 */
export function checkYamlDocument(
  doc: Document,
  reporter: YamlErrorReporter,
  maxExpandedBytes: number,
): void {
  const anchors = new Map<string, Node>();
  const measured = new Map<Node, Measure>();
  const inProgress = new Set<Node>();

  const check = (measure: Measure, offset: number | undefined): Measure => {
    if (measure.size > maxExpandedBytes) {
      reporter.fail(
        `the data would exceed ${maxExpandedBytes} bytes once its aliases are expanded; is this an alias bomb?`,
        offset,
      );
    }
    if (measure.height > MAX_YAML_DEPTH) {
      reporter.fail(
        `the data nests more than ${MAX_YAML_DEPTH} levels deep`,
        offset,
      );
    }
    return measure;
  };

  const walk = (node: unknown, depth: number): Measure => {
    if (node === null || node === undefined) {
      return { size: 4, height: 0 };
    }
    if (depth > MAX_YAML_DEPTH) {
      reporter.fail(
        `the data nests more than ${MAX_YAML_DEPTH} levels deep`,
        (node as Node).range?.[0],
      );
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) {
        reporter.fail(
          `alias *${node.source} refers to no anchor before it`,
          node.range?.[0],
        );
      }
      if (inProgress.has(target)) {
        reporter.fail(
          `alias *${node.source} refers to a node that contains it`,
          node.range?.[0],
        );
      }
      return measured.get(target)!;
    }
    const yamlNode = node as Node;
    const offset = yamlNode.range?.[0];
    if (yamlNode.tag && !ALLOWED_TAGS.has(yamlNode.tag)) {
      reporter.fail(
        `the tag ${shortTag(
          yamlNode.tag,
        )} is not allowed; only plain YAML data is`,
        offset,
      );
    }
    if (yamlNode.anchor) {
      anchors.set(yamlNode.anchor, yamlNode);
    }
    inProgress.add(yamlNode);
    let measure: Measure;
    if (isScalar(yamlNode)) {
      const value = yamlNode.value;
      measure = {
        size: 2 + (typeof value === 'string' ? value.length : 8),
        height: 0,
      };
    } else if (isMap(yamlNode) || isSeq(yamlNode)) {
      let size = 2;
      let height = 0;
      const keys = new Map<string, number | undefined>();
      for (const item of yamlNode.items as unknown[]) {
        if (isPair(item)) {
          if (isMap(item.key) || isSeq(item.key) || isAlias(item.key)) {
            reporter.fail(
              'a mapping key must be a plain scalar, not a collection or an alias',
              (item.key as Node).range?.[0] ?? offset,
            );
          }
          checkUniqueKey(keys, item.key, reporter);
          const key = walk(item.key, depth + 1);
          const value = walk(item.value, depth + 1);
          size += key.size + value.size + 2;
          height = Math.max(height, value.height + 1);
        } else {
          const child = walk(item, depth + 1);
          size += child.size + 1;
          height = Math.max(height, child.height + 1);
        }
        check({ size, height }, offset);
      }
      measure = { size, height };
    } else {
      reporter.fail('unexpected YAML node', offset);
    }
    inProgress.delete(yamlNode);
    measured.set(yamlNode, check(measure, offset));
    return measure;
  };

  walk(doc.contents, 0);
}

/**
 * Converts a checked document to plain data: no shared objects, no values
 * other than null, strings, finite numbers, booleans, arrays and objects.
 */
export function yamlDocumentToPlain(
  doc: Document,
  reporter: YamlErrorReporter,
): unknown {
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT });
  } catch (error) {
    reporter.fail(
      `cannot read the data: ${(error as Error).message}`,
      doc.range?.[0],
    );
  }
  return clonePlain(data, (problem, path) =>
    reporter.fail(path ? `at ${path}: ${problem}` : problem),
  );
}

/**
 * Parses a YAML text into its documents, checked and without converting
 * them. Refuses syntax errors, duplicate keys and texts over the byte limit.
 */
export function parseCheckedYamlDocuments(
  text: string,
  reporter: YamlErrorReporter,
  options: SafeYamlOptions = {},
): Document[] {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_YAML_BYTES;
  assertYamlSize(text, reporter.source, maxBytes);
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, {
      ...SAFE_YAML_PARSE_OPTIONS,
      lineCounter: reporter.lineCounter,
    }) as Document[];
  } catch (error) {
    // The parser itself may run out of stack on absurdly nested input.
    return reporter.fail(`cannot parse the YAML: ${(error as Error).message}`);
  }
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      reporter.failOnYamlError(doc.errors[0]);
    }
    checkYamlDocument(doc, reporter, options.maxExpandedBytes ?? maxBytes * 4);
    if (doc.warnings.length > 0) {
      reporter.failOnYamlError(doc.warnings[0]);
    }
  }
  return docs;
}

/**
 * Parses a YAML text of any number of documents into plain data, one entry
 * per document (an empty document gives null). Throws InputError on
 * invalid YAML, duplicate keys, custom tags, alias bombs and oversize input.
 */
export function parseYamlDocuments(
  text: string,
  options: SafeYamlOptions = {},
): unknown[] {
  const reporter = new YamlErrorReporter(options.source ?? 'YAML');
  return parseCheckedYamlDocuments(text, reporter, options).map(doc =>
    yamlDocumentToPlain(doc, reporter),
  );
}

/**
 * Parses a YAML text of at most one document into plain data of any shape;
 * an empty text gives null. Same protections as {@link parseYamlDocuments}.
 */
export function parseYamlValue(
  text: string,
  options: SafeYamlOptions = {},
): unknown {
  const reporter = new YamlErrorReporter(options.source ?? 'YAML');
  const docs = parseCheckedYamlDocuments(text, reporter, options);
  if (docs.length > 1) {
    reporter.fail(
      `expected one YAML document, found ${docs.length}`,
      docs[1].range?.[0],
    );
  }
  return docs.length === 0 ? null : yamlDocumentToPlain(docs[0], reporter);
}
