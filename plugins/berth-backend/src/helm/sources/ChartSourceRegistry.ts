import { InputError } from '@backstage/errors';
import {
  ChartImportSource,
  ChartOrigin,
  ChartVersionSummary,
} from '@berth/plugin-berth-common';
import { PreparedChart } from '../../charts/chartTypes';
import { FetchContext } from '../ChartFetcher';
import { ChartSourceEntry } from './ChartSourceEntry';

/** The key of the chart source an import source or origin belongs to. */
export function chartSourceKey(
  source: ChartImportSource | ChartOrigin,
): string {
  switch (source.type) {
    case 'archive':
      return 'upload';
    case 'extension':
      return source.source;
    default:
      return source.type;
  }
}

/**
 * The chart sources of the Helm import by key: the built-in ones and those
 * added by modules. Every fetch goes through here.
 */
export class ChartSourceRegistry {
  private readonly entries = new Map<string, ChartSourceEntry<any>>();

  constructor(entries: ChartSourceEntry<any>[]) {
    for (const entry of entries) {
      if (this.entries.has(entry.key)) {
        throw new Error(`Chart source '${entry.key}' is registered twice`);
      }
      this.entries.set(entry.key, entry);
    }
  }

  list(): ChartSourceEntry[] {
    return [...this.entries.values()];
  }

  get(key: string): ChartSourceEntry {
    const entry = this.entries.get(key);
    if (!entry) {
      throw new InputError(
        `No chart source '${key}' is registered (see GET /extensions)`,
      );
    }
    return entry;
  }

  /** Fetches and prepares a chart (not stored); cached per context. */
  prepare(
    source: ChartImportSource,
    context: FetchContext,
  ): Promise<PreparedChart> {
    const entry = this.get(chartSourceKey(source));
    if (source.type === 'archive') return entry.prepare(source, context);
    const key = JSON.stringify(source);
    let prepared = context.charts.get(key);
    if (!prepared) {
      prepared = entry.prepare(source, context);
      context.charts.set(key, prepared);
    }
    return prepared;
  }

  /** Versions of the chart an origin points to, newest first. */
  async versionsOf(origin: ChartOrigin): Promise<ChartVersionSummary[]> {
    const entry = this.get(chartSourceKey(origin));
    if (!entry.versionsOf) {
      throw new InputError(
        `A chart imported from ${
          origin.type === 'git' ? 'Git' : 'an upload'
        } has no versions to move to; import it again`,
      );
    }
    return entry.versionsOf(origin);
  }

  /** The source of an origin at another version. */
  sourceAt(origin: ChartOrigin, version: string): ChartImportSource {
    const entry = this.get(chartSourceKey(origin));
    if (!entry.sourceAt) {
      throw new InputError(`A chart from ${origin.type} has no other versions`);
    }
    return entry.sourceAt(origin, version);
  }
}
