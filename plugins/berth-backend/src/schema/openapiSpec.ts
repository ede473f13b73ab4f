import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'node:fs';
import { parse } from 'yaml';

/** HTTP methods an OpenAPI path item may hold. */
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** One operation of the contract: method, path template and its names. */
export interface SpecOperation {
  method: string;
  /** The OpenAPI template, e.g. `/environments/{id}`. */
  path: string;
  operationId: string;
  /** Query parameter names, from the path item and the operation. */
  query: string[];
}

type Parameter = { name?: string; in?: string; $ref?: string };

/** Berth's OpenAPI document (src/schema/openapi.yaml), parsed. */
export function readOpenApiDocument(): any {
  const file = resolvePackagePath(
    '@berth/plugin-berth-backend',
    'src/schema/openapi.yaml',
  );
  return parse(fs.readFileSync(file, 'utf8'));
}

/** Every operation of the document, with its query parameters resolved. */
export function specOperations(document: any): SpecOperation[] {
  const resolve = (p: Parameter): Parameter => {
    if (!p.$ref) return p;
    const name = p.$ref.replace('#/components/parameters/', '');
    return document.components.parameters[name];
  };
  const operations: SpecOperation[] = [];
  for (const [template, item] of Object.entries<any>(document.paths)) {
    const shared: Parameter[] = (item.parameters ?? []).map(resolve);
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const own: Parameter[] = (operation.parameters ?? []).map(resolve);
      operations.push({
        method: method.toUpperCase(),
        path: template,
        operationId: operation.operationId,
        query: [...shared, ...own]
          .filter(p => p.in === 'query')
          .map(p => p.name!),
      });
    }
  }
  return operations;
}

/** `/environments/:id` for the template `/environments/{id}`. */
export function toExpressPath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ':$1');
}

/** Whether a concrete path (no query) matches an OpenAPI template. */
export function matchesTemplate(template: string, concrete: string): boolean {
  const pattern = template
    .split('/')
    .map(segment =>
      /^\{[^}]+\}$/.test(segment)
        ? '[^/]+'
        : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${pattern}$`).test(concrete);
}
