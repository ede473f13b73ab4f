#!/usr/bin/env node
// Prints the folder-level import cycles of a TypeScript source tree (production files only, tests excluded).
// Usage: node scripts/check-folder-cycles.mjs [srcDir]   (default plugins/berth-backend/src)
// Exit code 1 when a cycle exists. Two folders are in a cycle when each reaches the other through imports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(process.argv[2] ?? 'plugins/berth-backend/src');
const isTest = name =>
  /\.(test|int\.test|db\.test)\.ts$/.test(name) || name.includes('__');

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!name.startsWith('__')) walk(path, out);
    } else if (name.endsWith('.ts') && !isTest(name)) out.push(path);
  }
  return out;
}

const folderOf = file => {
  const rel = relative(root, dirname(file));
  return rel === '' ? '.' : rel.split(sep)[0];
};

const edges = new Map(); // folder -> Map(folder -> example "from -> to")
for (const file of walk(root)) {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/(?:import|export)[^'"]*?from\s*['"](\.[^'"]+)['"]/g),
  ].map(m => m[1]);
  for (const spec of specs) {
    const target = resolve(dirname(file), spec);
    if (!target.startsWith(root)) continue;
    const from = folderOf(file);
    const to = folderOf(target + '.ts');
    if (from === to || from === '.' || to === '.') continue;
    if (!edges.has(from)) edges.set(from, new Map());
    if (!edges.get(from).has(to))
      edges.get(from).set(to, `${relative(root, file)} -> ${spec}`);
  }
}

// Strongly connected components (Tarjan).
let index = 0;
const stack = [];
const info = new Map();
const components = [];
function connect(v) {
  info.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!info.has(w)) {
      connect(w);
      info.get(v).low = Math.min(info.get(v).low, info.get(w).low);
    } else if (info.get(w).onStack) {
      info.get(v).low = Math.min(info.get(v).low, info.get(w).index);
    }
  }
  if (info.get(v).low === info.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      info.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  }
}
for (const v of edges.keys()) if (!info.has(v)) connect(v);

if (components.length === 0) {
  console.log(`No folder cycles in ${relative(process.cwd(), root) || '.'}`);
  process.exit(0);
}
for (const component of components) {
  console.log(`Folder cycle: ${component.join(' <-> ')}`);
  for (const from of component) {
    for (const [to, example] of edges.get(from) ?? []) {
      if (component.includes(to))
        console.log(`  ${from} -> ${to}  (${example})`);
    }
  }
}
process.exit(1);
