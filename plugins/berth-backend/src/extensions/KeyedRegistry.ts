const KEY = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * What modules registered through one extension point, by key. Keys are
 * DNS-1123 labels, each taken once (reserved ones are Berth's own); once
 * the plugin starts, nothing more is taken.
 */
export class KeyedRegistry<T> {
  private readonly items = new Map<string, T>();
  private locked = false;

  constructor(
    private readonly what: string,
    private readonly reserved: readonly string[] = [],
  ) {}

  add(key: string, item: T): void {
    if (this.locked) {
      throw new Error(
        `Cannot add ${this.what} '${key}': the Berth plugin has started`,
      );
    }
    if (!KEY.test(key)) {
      throw new Error(
        `Invalid ${this.what} key '${key}': use lower-case letters, digits and '-' (at most 63)`,
      );
    }
    if (this.reserved.includes(key)) {
      throw new Error(`The ${this.what} key '${key}' is built into Berth`);
    }
    if (this.items.has(key)) {
      throw new Error(`The ${this.what} '${key}' is registered twice`);
    }
    this.items.set(key, item);
  }

  /**
   * Adds one of Berth's own items under a reserved key (also after the
   * plugin started: built-ins may need what the plugin makes at start).
   */
  addBuiltIn(key: string, item: T): void {
    if (!this.reserved.includes(key)) {
      throw new Error(
        `The ${this.what} key '${key}' is not reserved for Berth`,
      );
    }
    if (this.items.has(key)) {
      throw new Error(`The ${this.what} '${key}' is registered twice`);
    }
    this.items.set(key, item);
  }

  /** Refuses further additions (called when the plugin starts). */
  lock(): void {
    this.locked = true;
  }

  entries(): ReadonlyMap<string, T> {
    return this.items;
  }
}
