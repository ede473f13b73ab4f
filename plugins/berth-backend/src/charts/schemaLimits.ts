import { InputError } from '@backstage/errors';

/** Limits on an untrusted values.schema.json before it is compiled. */
export const SCHEMA_LIMITS = {
  /** The schema as JSON, in bytes. */
  maxBytes: 512 * 1024,
  /** How deep objects and arrays nest. */
  maxDepth: 64,
  /** Objects and arrays in all (each becomes generated code). */
  maxNodes: 20_000,
  /** The longest `pattern` or `patternProperties` key. */
  maxPatternLength: 4096,
};

/**
 * Refuses a schema that is too large, too deep, has too many nodes or too
 * long a pattern, with an InputError naming the limit; walked iteratively,
 * so a deep schema cannot overflow the stack.
 */
export function assertSchemaWithinLimits(
  schema: unknown,
  text: string,
  source: string,
  limits = SCHEMA_LIMITS,
): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxBytes) {
    throw new InputError(
      `${source} is ${bytes} bytes, more than the limit of ${limits.maxBytes}`,
    );
  }
  const stack: Array<{ value: unknown; depth: number }> = [
    { value: schema, depth: 1 },
  ];
  let nodes = 0;
  const checkPattern = (pattern: unknown) => {
    if (
      typeof pattern === 'string' &&
      pattern.length > limits.maxPatternLength
    ) {
      throw new InputError(
        `${source} has a pattern of ${pattern.length} characters, more than the limit of ${limits.maxPatternLength}`,
      );
    }
  };
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    nodes += 1;
    if (nodes > limits.maxNodes) {
      throw new InputError(
        `${source} has more than ${limits.maxNodes} objects and arrays, the limit`,
      );
    }
    if (depth > limits.maxDepth) {
      throw new InputError(
        `${source} nests deeper than the limit of ${limits.maxDepth} levels`,
      );
    }
    if (!Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      checkPattern(record.pattern);
      const patternProperties = record.patternProperties;
      if (patternProperties && typeof patternProperties === 'object') {
        Object.keys(patternProperties).forEach(checkPattern);
      }
    }
    for (const child of Object.values(value)) {
      if (child !== null && typeof child === 'object') {
        stack.push({ value: child, depth: depth + 1 });
      }
    }
  }
}
