import { AuditorService } from '@backstage/backend-plugin-api';
import { CopyService } from '../copies/CopyService';
import { DeploymentStore } from '../deployments/DeploymentStore';
import { DriftService } from '../drift/DriftService';
import { EnvironmentService } from '../environments/EnvironmentService';
import { StatusService } from '../environments/StatusService';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { AuthorizedEnvironments } from '../permissions/AuthorizedEnvironments';
import { AuthorizedProjects } from '../permissions/AuthorizedProjects';
import { ProjectService } from '../projects/ProjectService';
import { ServiceStore } from '../services/ServiceStore';

/**
 * What Berth's actions use: the authorization layer (as the routes use it)
 * and the services behind it.
 */
export interface BerthActionDeps {
  authorizedProjects: AuthorizedProjects;
  authorizedEnvironments: AuthorizedEnvironments;
  auditor: AuditorService;
  projects: ProjectService;
  services: ServiceStore;
  environmentService: EnvironmentService;
  environmentOperations: EnvironmentOperations;
  status: StatusService;
  drift: DriftService;
  deployments: DeploymentStore;
  copies: CopyService;
}
