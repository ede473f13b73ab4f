import { RootConfigService } from '@backstage/backend-plugin-api';
import { ProjectRef } from '@berth/plugin-berth-common';

/**
 * Absolute URLs of Berth's portal pages (`/berth/...`, the routes of
 * plugins/berth), from `app.baseUrl`.
 */
export class PortalLinks {
  private readonly berth: string;

  constructor(appBaseUrl: string) {
    this.berth = `${appBaseUrl.replace(/\/+$/, '')}/berth`;
  }

  static fromConfig(config: RootConfigService): PortalLinks {
    return new PortalLinks(config.getString('app.baseUrl'));
  }

  /** The Berth page. */
  root(): string {
    return this.berth;
  }

  environment(id: string): string {
    return `${this.berth}/environments/${encodeURIComponent(id)}`;
  }

  service(project: ProjectRef, service: string): string {
    return `${this.projectServices(project)}/${encodeURIComponent(service)}`;
  }

  projectServices(project: ProjectRef): string {
    return `${this.berth}/projects/${encodeURIComponent(
      project.namespace,
    )}/${encodeURIComponent(project.name)}/services`;
  }

  workflowRun(runId: string): string {
    return `${this.berth}/workflow-runs/${encodeURIComponent(runId)}`;
  }

  sandbox(id: string): string {
    return `${this.berth}/sandboxes/${encodeURIComponent(id)}`;
  }
}
