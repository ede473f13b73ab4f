/**
 * The key of an action's side effect in `ctx.checkpoint`: the action and the
 * identity of what it creates (project, names, cluster...), so a task that is
 * recovered after a restart finds the result of the first attempt instead of
 * creating it twice. Parts are joined with `/`; a part's own `/` and `%` are
 * escaped so two different inputs never make the same key (a part not
 * given is empty).
 */
export function checkpointKey(
  action: string,
  ...identity: Array<string | number | undefined>
): string {
  const parts = identity.map(part =>
    part === undefined
      ? ''
      : String(part).replace(/%/g, '%25').replace(/\//g, '%2F'),
  );
  return [action, ...parts].join('/');
}
