/** Newest first by `columns`, for `orderBy`: each descending, in turn. */
export function newestFirst(
  ...columns: string[]
): { column: string; order: 'desc' }[] {
  return columns.map(column => ({ column, order: 'desc' }));
}
