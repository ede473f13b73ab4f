/** A database timestamp (a Date from pg, a number or string from SQLite) as ISO 8601. */
export function toIsoString(value: string | number | Date): string {
  return new Date(value).toISOString();
}
