import { InputError, stringifyError } from '@backstage/errors';
import {
  ChartImportItemResult,
  ChartImportRequest,
  ChartImportResult,
} from '@berth/plugin-berth-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { assertDnsLabel } from '../../names';
import { newFetchContext } from '../ChartFetcher';
import { HelmImportContext } from './HelmImportContext';
import { importItemSpec } from './importItemSpec';
import { mapLimit } from './mapLimit';
import { writeImportedService } from './writeImportedService';

/** At most this many items in one import request. */
export const MAX_IMPORT_ITEMS = 200;

function statusOf(error: unknown): number {
  switch ((error as Error)?.name) {
    case 'InputError':
      return 400;
    case 'AuthenticationError':
      return 401;
    case 'NotAllowedError':
      return 403;
    case 'NotFoundError':
      return 404;
    case 'ConflictError':
      return 409;
    default:
      return 500;
  }
}

/**
 * Imports charts as services: each item fetched (through its chart source),
 * checked and created in parallel (bounded); one item's failure does not
 * stop the others.
 */
export async function importCharts(
  ctx: HelmImportContext,
  projectRef: string,
  request: ChartImportRequest,
  actor: string,
): Promise<ChartImportResult> {
  // 404 for an unknown project
  const { imageRules } = await ctx.projects.getProject(projectRef);
  await ctx.credentials?.refresh();
  const names = new Map<string, number>();
  const context = newFetchContext();
  const items = await mapLimit(
    request.items,
    ctx.config.concurrency,
    async (item, index): Promise<ChartImportItemResult> => {
      const result: ChartImportItemResult = {
        index,
        status: 'failed',
        ...(item.source.type === 'git' && { path: item.source.path }),
        ...(item.service && { service: item.service }),
      };
      try {
        const prepared = await ctx.sources.prepare(item.source, context);
        const service = item.service ?? prepared.info.metadata.name;
        result.service = service;
        const earlier = names.get(service);
        if (earlier !== undefined) {
          throw new InputError(
            `Service '${service}' is imported twice in this request (items ${
              earlier + 1
            } and ${index + 1})`,
          );
        }
        names.set(service, index);
        // Checked before anything is stored (ProjectService checks again).
        assertDnsLabel(service, 'service name');
        const component = parseEntityRef(
          item.componentRef ?? `component:default/${service}`,
          { defaultKind: 'component' },
        );
        if (component.kind.toLocaleLowerCase('en-US') !== 'component') {
          throw new InputError(
            `Service '${service}' must be bound to a Component, not '${item.componentRef}'`,
          );
        }
        const spec = await importItemSpec(
          ctx,
          item,
          prepared,
          service,
          context,
          imageRules,
        );
        const done = await writeImportedService(ctx, {
          projectRef,
          name: service,
          componentRef: item.componentRef ?? `component:default/${service}`,
          spec,
          prepared,
          force: Boolean(request.force),
          actor,
        });
        return {
          ...result,
          status: done.status,
          revision: done.revision,
          chart: {
            name: prepared.info.metadata.name,
            version: prepared.info.metadata.version,
            digest: prepared.info.digest,
          },
        };
      } catch (error) {
        const statusCode = statusOf(error);
        if (statusCode === 500) {
          ctx.logger.warn(
            `Helm import into ${projectRef}, item ${
              index + 1
            }: ${stringifyError(error)}`,
          );
        }
        return {
          ...result,
          error: {
            name: (error as Error).name ?? 'Error',
            message: (error as Error).message ?? String(error),
            statusCode,
          },
        };
      }
    },
  );
  return {
    items,
    created: items.filter(i => i.status === 'created').length,
    updated: items.filter(i => i.status === 'updated').length,
    failed: items.filter(i => i.status === 'failed').length,
  };
}
