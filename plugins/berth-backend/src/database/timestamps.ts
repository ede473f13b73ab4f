/** A timestamp as the database returns it: a Date from pg, a number or string from SQLite. */
export type Timestamp = string | number | Date;

/** A database timestamp (a Date from pg, a number or string from SQLite) as ISO 8601. */
export function toIsoString(value: Timestamp): string {
  return new Date(value).toISOString();
}
