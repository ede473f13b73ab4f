import {
  AuditorService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { BerthJobType } from '@berth/plugin-berth-node';
import { Knex } from 'knex';
import { ClusterRegistry } from '../../clusters/ClusterRegistry';
import { createBerthServices } from '../../createBerthServices';
import { RegistryConfig } from '../../registries/RegistryConfig';
import { readRequireApprovalForTiers } from '../api';
import {
  createWorkflowRuntime,
  readWorkflowEngineConfig,
  resolveEnvironmentFromStore,
  WorkflowRuntime,
} from '..';
import {
  createDeployJobType,
  createNotificationJobType,
  createTriggerWorkflowJobType,
} from '../jobTypes';
import { DatabaseJobLogs, readJobLogsConfig } from '../logs';
import {
  NotificationLedger,
  projectOwnersOf,
  readWebhookGuard,
  WorkflowNotifier,
} from '../notify';
import { TriggerDeliveryStore } from '../triggers';
import { KubernetesJobSlots, LeftKubernetesJobs } from '../kubernetesJobs';
import { kubernetesJobTypes } from './kubernetesJobTypes';

type BerthServices = ReturnType<typeof createBerthServices>;

const missingNotifications: NotificationService = {
  async send() {
    throw new Error(
      'Notifications are not installed in this backend (@backstage/plugin-notifications-backend)',
    );
  },
};

/** Berth's workflows over its services: job types, logs, engine, service and what the routes need. */
export interface Workflows extends WorkflowRuntime {
  jobLogs: DatabaseJobLogs;
  jobLogRetentionDays: number;
  deliveries: TriggerDeliveryStore;
  requireApprovalForTiers: readonly string[];
  projectOwners: (projectRef: string) => Promise<string[]>;
}

/**
 * Builds the workflows of one backend: the built-in job types (script,
 * test, build, deploy, approval, notification, trigger-workflow) plus the
 * modules' (which may not take a built-in key), the job logs, the engine
 * and the service. The caller starts and stops `engine`.
 */
export function createWorkflows(deps: {
  config: RootConfigService;
  knex: Knex;
  clusters: ClusterRegistry;
  berth: BerthServices;
  logger: LoggerService;
  auditor?: AuditorService;
  signals?: SignalsService;
  /** Without it, notification jobs fail and finished runs notify nobody. */
  notifications?: NotificationService;
  /** Job types of modules (berthJobTypesExtensionPoint). */
  moduleJobTypes?: ReadonlyMap<string, BerthJobType>;
}): Workflows {
  const { config, knex, berth, logger } = deps;
  const projectOwners = projectOwnersOf(berth.projects);
  const logsConfig = readJobLogsConfig(config);
  const jobLogs = new DatabaseJobLogs({
    knex,
    maxBytesPerJob: logsConfig.maxBytesPerJob,
    logger,
  });
  const engineConfig = readWorkflowEngineConfig(config);
  const slots = new KubernetesJobSlots(knex, {
    limit: engineConfig.maxKubernetesJobsPerCluster,
    pollIntervalMs: engineConfig.pollIntervalMs,
  });
  const { jobTypes, runner } = kubernetesJobTypes({
    config,
    clusters: deps.clusters,
    registries: RegistryConfig.fromConfig(config),
    environments: berth.environments,
    logger,
    slots,
  });
  jobTypes.set(
    'deploy',
    createDeployJobType({
      environments: berth.environments,
      projects: berth.projects,
      services: berth.services,
      environmentService: berth.environmentService,
      operations: berth.environmentOperations,
      operationStore: berth.operationStore,
    }),
  );
  const notifications = deps.notifications ?? missingNotifications;
  jobTypes.set(
    'notification',
    createNotificationJobType({
      notifications,
      projectOwners,
      webhookGuard: readWebhookGuard(config),
      appBaseUrl: config.getOptionalString('app.baseUrl'),
    }),
  );
  const runtime = createWorkflowRuntime({
    knex,
    config: engineConfig,
    jobTypes,
    leftWork: new LeftKubernetesJobs(slots, runner),
    logs: jobLogs,
    resolveEnvironment: resolveEnvironmentFromStore(berth.environments),
    projectOwners,
    logger,
    auditor: deps.auditor,
    signals: deps.signals,
    events: deps.notifications
      ? new WorkflowNotifier({
          notifications: deps.notifications,
          projectOwners,
          ledger: new NotificationLedger(knex),
          logger,
        })
      : undefined,
  });
  jobTypes.set(
    'trigger-workflow',
    createTriggerWorkflowJobType({ workflows: runtime.service }),
  );
  for (const [key, jobType] of deps.moduleJobTypes ?? []) {
    if (jobTypes.has(key)) {
      throw new Error(
        `A module registered the job type '${key}', which is built into Berth`,
      );
    }
    jobTypes.set(key, jobType);
  }
  return {
    ...runtime,
    jobLogs,
    jobLogRetentionDays: logsConfig.retentionDays,
    deliveries: new TriggerDeliveryStore(knex),
    requireApprovalForTiers: readRequireApprovalForTiers(config),
    projectOwners,
  };
}
