/**
 * A chart's .helmignore, as `helm package` applies it: one pattern a line,
 * `#` comments, `!` negations, a trailing `/` for folders only, a leading
 * `/` or any inner `/` to match the whole path (else the base name), `*`,
 * `?` and `[...]` globs within one path segment. A folder that is ignored
 * takes all it holds with it.
 */
export function helmIgnore(text: string): (path: string) => boolean {
  const rules = text
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const negate = line.startsWith('!');
      let pattern = negate ? line.slice(1) : line;
      const dirOnly = pattern.endsWith('/');
      pattern = pattern.replace(/\/+$/, '');
      const anchored = pattern.startsWith('/') || pattern.includes('/');
      pattern = pattern.replace(/^\/+/, '');
      return { negate, dirOnly, anchored, regex: globToRegex(pattern) };
    });

  const matches = (path: string, isDir: boolean) => {
    let ignored = false;
    const base = path.slice(path.lastIndexOf('/') + 1);
    for (const rule of rules) {
      if (rule.dirOnly && !isDir) continue;
      if (rule.regex.test(rule.anchored ? path : base)) ignored = !rule.negate;
    }
    return ignored;
  };

  return (path: string) => {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (matches(parts.slice(0, i).join('/'), true)) return true;
    }
    return matches(path, false);
  };
}

function globToRegex(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        const set = glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        source += `[${set}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
