import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { maskSecretResponses } from './secretValues';
import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from './schema/openapi';
import { useFieldValidationMessages } from './http/validationErrors';
import { ClusterRegistry } from './clusters/ClusterRegistry';
import { DeploymentStore } from './deployments/DeploymentStore';
import { EnvironmentInspector } from './environments/EnvironmentInspector';
import { environmentRoutes } from './environments/environmentRoutes';
import { EnvironmentService } from './environments/EnvironmentService';
import { EnvironmentStore } from './database/EnvironmentStore';
import { releaseRoutes } from './environments/releaseRoutes';
import { revisionRoutes } from './environments/revisionRoutes';
import { StatusService } from './environments/StatusService';
import { healthRoutes } from './health/healthRoutes';
import { HealthService } from './health/HealthService';
import { EnvironmentAuthorizer } from './permissions/EnvironmentAuthorizer';
import { ProjectAuthorizer } from './permissions/ProjectAuthorizer';
import { authorizationLayer } from './permissions/authorizationLayer';
import { routeRequests } from './http/routeRequests';
import { projectRoutes } from './projects/projectRoutes';
import { helmRoutes } from './helm/helmRoutes';
import { HelmImportService } from './helm/HelmImportService';
import { HelmImportConfig } from './helm/helmConfig';
import { ProjectService } from './projects/ProjectService';
import { ServiceStore } from './services/ServiceStore';
import { driftRoutes } from './drift/driftRoutes';
import { DriftService } from './drift/DriftService';
import { renderingRoutes } from './rendering/renderingRoutes';
import { RenderingService } from './rendering/RenderingService';
import { copyRoutes } from './copies/copyRoutes';
import { CopyService } from './copies/CopyService';
import { sleepRoutes } from './sleep/sleepRoutes';
import { SleepScheduler } from './sleep/SleepScheduler';
import { SleepService } from './sleep/SleepService';
import { configRoutes } from './configs/configRoutes';
import { ConfigService } from './configs/ConfigService';
import { registryRoutes } from './registries/registryRoutes';
import { RegistryService } from './registries/RegistryService';
import { AdoptableNamespaces } from './environments/AdoptableNamespaces';
import { rollbackRoutes } from './rollback/rollbackRoutes';
import { RollbackService } from './rollback/RollbackService';
import { EnvironmentOperations } from './operations/EnvironmentOperations';
import { operationRoutes } from './operations/operationRoutes';
import { BerthExtensions } from './extensions/BerthExtensions';
import { extensionRoutes } from './extensions/extensionRoutes';
import { workflowRoutes, WorkflowRouteOptions } from './workflows/api';
import { sandboxRoutes } from './sandboxes/api/sandboxRoutes';
import { SandboxServiceContract } from './sandboxes/SandboxServiceContract';

/**
 * Berth's REST API, mounted by the backend under `/api/berth`: the router
 * generated from openapi.yaml, which validates every request's path, query
 * and body against the spec (a 400 naming the field otherwise), with the
 * route groups behind it.
 */
export async function createRouter(options: {
  config: RootConfigService;
  logger: LoggerService;
  health: HealthService;
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  permissions: PermissionsService;
  authorizer: EnvironmentAuthorizer;
  projectAuthorizer: ProjectAuthorizer;
  clusters: ClusterRegistry;
  environments: EnvironmentStore;
  environmentService: EnvironmentService;
  projects: ProjectService;
  services: ServiceStore;
  deployments: DeploymentStore;
  status: StatusService;
  inspector: EnvironmentInspector;
  helmImport: HelmImportService;
  helmImportConfig: HelmImportConfig;
  rendering: RenderingService;
  drift: DriftService;
  copies: CopyService;
  sleep: SleepService;
  sleepScheduler: SleepScheduler;
  configs: ConfigService;
  registries: RegistryService;
  rollbacks: RollbackService;
  environmentOperations: EnvironmentOperations;
  adoptableNamespaces: AdoptableNamespaces;
  extensions: BerthExtensions;
  /** The workflow API (issue #14); without it its routes are not served. */
  workflows?: WorkflowRouteOptions;
  /** The sandbox service (issue #15); without it the sandbox routes are not served. */
  sandboxes?: SandboxServiceContract;
}): Promise<express.Router> {
  const router = await createOpenApiRouter({
    middleware: [express.json({ limit: '1mb' })],
    validatorOptions: {
      validateRequests: {
        coerceTypes: false,
        allowUnknownQueryParameters: false,
        // Errors of the branch the discriminator (`type`, `kind`) names only.
        discriminator: true,
      },
    },
  });
  useFieldValidationMessages(router);
  // The authorization layer: every route reaches projects and environments
  // through it (and through `requests`), never checking a permission itself.
  const { authorizedEnvironments, authorizedProjects } =
    authorizationLayer(options);
  const routes = {
    ...options,
    authorizedEnvironments,
    authorizedProjects,
    requests: routeRequests({
      ...options,
      authorizedEnvironments,
      authorizedProjects,
    }),
  };
  router.use(maskSecretResponses());
  router.use(healthRoutes(routes));
  router.use(projectRoutes(routes));
  router.use(
    helmRoutes({ ...routes, limits: options.helmImportConfig.limits }),
  );
  router.use(environmentRoutes(routes));
  router.use(revisionRoutes(routes));
  router.use(releaseRoutes(routes));
  router.use(renderingRoutes(routes));
  router.use(driftRoutes(routes));
  router.use(copyRoutes(routes));
  router.use(sleepRoutes(routes));
  router.use(configRoutes(routes));
  router.use(registryRoutes(routes));
  router.use(rollbackRoutes(routes));
  router.use(operationRoutes(routes));
  router.use(
    extensionRoutes({
      ...routes,
      chartSources: options.helmImport.chartSources,
    }),
  );
  if (options.workflows) {
    router.use(workflowRoutes({ ...routes, ...options.workflows }));
  }
  if (options.sandboxes) {
    router.use(sandboxRoutes({ ...routes, sandboxService: options.sandboxes }));
  }
  router.use(MiddlewareFactory.create(options).error());
  return router;
}
