/** A snake_case column name in camelCase, as a type: `project_ref` → `projectRef`. */
export type CamelCase<S extends string> =
  S extends `${infer Head}_${infer Tail}`
    ? `${Head}${Capitalize<CamelCase<Tail>>}`
    : S;

/** A snake_case column name in camelCase: `project_ref` → `projectRef`. */
export function camelCase<S extends string>(name: S): CamelCase<S> {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) =>
    letter.toUpperCase(),
  ) as CamelCase<S>;
}

/**
 * The columns `names` of a row as they are, under their camelCase names
 * (`project_ref` → `projectRef`): the part of a record a store copies
 * without converting. Other columns of the row are left out.
 */
export function camelColumns<
  Row extends object,
  Name extends keyof Row & string,
>(row: Row, names: readonly Name[]): { [N in Name as CamelCase<N>]: Row[N] } {
  return Object.fromEntries(
    names.map(name => [camelCase(name), row[name]]),
  ) as { [N in Name as CamelCase<N>]: Row[N] };
}
