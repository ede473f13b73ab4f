/**
 * What a contract scenario observed: one entry per step, the step's result
 * (as the scenario picked it) or its error (status, name, message), with ids,
 * timestamps and digests replaced by placeholders so that the fake's answers
 * and the real backend's compare equal when they mean the same.
 */
export type Observation =
  | { step: string; result: unknown }
  | { step: string; error: { status?: number; name: string; message: string } };

/** Field names whose string values are identifiers of records. */
const ID_KEYS = new Set([
  'id',
  'environmentId',
  'operationId',
  'queuedBehind',
  'deploymentId',
  'rollbackOf',
  'copiedFrom',
  'sourceEnvironmentId',
]);

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;
const DIGEST = /sha256:[0-9a-f]{8,64}/g;

/**
 * Replaces identifiers by `<id:n>` (n by first appearance in the whole
 * transcript, so that references between answers are compared too),
 * timestamps by `<time>` and digests by `<digest>`.
 */
export class Normaliser {
  private readonly ids = new Map<string, string>();

  /** Registers an identifier the scenario knows of (an id it was given). */
  id(value: string): string {
    let placeholder = this.ids.get(value);
    if (!placeholder) {
      placeholder = `<id:${this.ids.size + 1}>`;
      this.ids.set(value, placeholder);
    }
    return placeholder;
  }

  private collect(value: unknown, key?: string): void {
    if (typeof value === 'string') {
      if (key && ID_KEYS.has(key)) this.id(value);
      for (const match of value.match(UUID) ?? []) this.id(match);
    } else if (Array.isArray(value)) {
      value.forEach(v => this.collect(v, key));
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) this.collect(v, k);
    }
  }

  private text(value: string): string {
    let out = value;
    // Longest first, so an id that contains another is replaced whole.
    const known = [...this.ids.keys()].sort((a, b) => b.length - a.length);
    for (const id of known) out = out.split(id).join(this.ids.get(id)!);
    return out.replace(TIMESTAMP, '<time>').replace(DIGEST, '<digest>');
  }

  private replace(value: unknown): unknown {
    if (typeof value === 'string') return this.text(value);
    if (Array.isArray(value)) return value.map(v => this.replace(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [this.text(k), this.replace(v)]),
      );
    }
    return value;
  }

  normalise<T>(value: T): unknown {
    this.collect(value);
    return this.replace(value);
  }
}
