import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { ProjectService } from '../../projects/ProjectService';
import { ServiceStore } from '../../services/ServiceStore';
import { ChartArchiveStore } from '../ChartArchiveStore';
import { ChartFetcher } from '../ChartFetcher';
import { HelmImportConfig } from '../helmConfig';
import { SecretCredentials } from '../secretCredentials';
import { ChartSourceRegistry } from '../sources/ChartSourceRegistry';

/** What every verb of the Helm import works with. */
export interface HelmImportContext {
  config: HelmImportConfig;
  archives: ChartArchiveStore;
  projects: ProjectService;
  services: ServiceStore;
  urlReader?: UrlReaderService;
  logger: LoggerService;
  fetcher: ChartFetcher;
  sources: ChartSourceRegistry;
  /** Credentials read from Secrets, refreshed before a fetch. */
  credentials?: SecretCredentials;
  /** Runs service writes one at a time (they change the start order). */
  serially<T>(fn: () => Promise<T>): Promise<T>;
}
