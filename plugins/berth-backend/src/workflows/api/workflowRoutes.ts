import {
  AuditorService,
  BackstageCredentials,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  CreateWorkflowRequest,
  UpdateWorkflowRequest,
  WorkflowApprovalDecisionRequest,
  WorkflowJobRunStatus,
  WorkflowParamValue,
  berthWorkflowReadPermission,
} from '@berth/plugin-berth-common';
import express from 'express';
import { actorOf } from '../../model/actor';
import { routeGroup } from '../../http/routeGroup';
import { RouteRequests } from '../../http/routeRequests';
import { JobLogNotifier } from '../logs/JobLogNotifier';
import { JobLogs } from '../logs/JobLogs';
import { streamJobLog } from '../logs/streamJobLog';
import { TriggerDeliveryStore } from '../triggers/TriggerDeliveryStore';
import { AuthorizedWorkflows } from './AuthorizedWorkflows';
import {
  EnvironmentDeployCheck,
  ProjectEnvironments,
} from './deployPermission';
import { parseApprovalStatuses, parseRunStatuses } from './queryLists';
import { WorkflowAuthorizer } from './WorkflowAuthorizer';
import { ProjectOwners } from './workflowResource';
import { WorkflowActor, WorkflowService } from './WorkflowServiceContract';

/** What the workflow routes need beyond what every route group gets. */
export interface WorkflowRouteOptions {
  workflowService: WorkflowService;
  jobLogs: Pick<JobLogs, 'read'>;
  /** Wakes log streams at each flush of this process (DatabaseJobLogs.notifier). */
  jobLogNotifier?: JobLogNotifier;
  deliveries: Pick<TriggerDeliveryStore, 'list'>;
  userInfo: UserInfoService;
  /** The project store: owners of projects. */
  projectOwners: ProjectOwners;
  /** `berth.workflows.requireApprovalForTiers` (readRequireApprovalForTiers). */
  requireApprovalForTiers: readonly string[];
  /** For tests: how often a log stream polls. */
  logPollIntervalMs?: number;
}

const FINISHED_JOB: readonly WorkflowJobRunStatus[] = [
  'succeeded',
  'failed',
  'skipped',
  'cancelled',
  'timedOut',
];

/**
 * Workflows: definitions and revisions, trigger deliveries, runs (start,
 * list, show, cancel, retry failed jobs, rerun, continue a manual stage),
 * job logs (pages and a live SSE stream) and approvals. Every route goes
 * through {@link AuthorizedWorkflows}; every change is audited.
 */
export function workflowRoutes(
  deps: WorkflowRouteOptions & {
    requests: RouteRequests;
    permissions: PermissionsService;
    auditor: AuditorService;
    environments: ProjectEnvironments;
    authorizedEnvironments: EnvironmentDeployCheck;
  },
): express.Router {
  const router = routeGroup();
  const { requests } = deps;
  const workflows = new AuthorizedWorkflows({
    service: deps.workflowService,
    authorizer: new WorkflowAuthorizer(deps.permissions, deps.auditor),
    projects: deps.projectOwners,
    environments: deps.environments,
    authorizedEnvironments: deps.authorizedEnvironments,
    requireApprovalForTiers: deps.requireApprovalForTiers,
  });
  const caller = async (req: express.Request | any) => {
    const credentials = await requests.credentials(req);
    return { credentials, actor: actorOf(credentials) };
  };
  const ownershipRefs = async (credentials: BackstageCredentials) => {
    if ((credentials.principal as { type: string }).type !== 'user') return [];
    const info = await deps.userInfo.getUserInfo(credentials);
    return info.ownershipEntityRefs;
  };

  router.get('/projects/:namespace/:name/workflows', async (req, res) => {
    const { credentials } = await caller(req);
    res.json({
      items: await workflows.list(credentials, requests.projectRef(req)),
    });
  });

  router.post('/projects/:namespace/:name/workflows', async (req, res) => {
    const { credentials, actor } = await caller(req);
    const projectRef = requests.projectRef(req);
    const body = req.body as CreateWorkflowRequest;
    const workflow = await requests.audited(
      req,
      'workflow-create',
      { projectRef, workflow: body.name },
      () => workflows.create(credentials, projectRef, body, actor),
    );
    res.status(201).json(workflow);
  });

  router.get('/workflows/:workflowId', async (req, res) => {
    const { credentials } = await caller(req);
    res.json(
      await workflows.get(
        credentials,
        req.params.workflowId,
        berthWorkflowReadPermission,
      ),
    );
  });

  router.put('/workflows/:workflowId', async (req, res) => {
    const { credentials, actor } = await caller(req);
    const id = req.params.workflowId;
    const workflow = await requests.audited(
      req,
      'workflow-update',
      { workflow: id },
      () =>
        workflows.update(
          credentials,
          id,
          req.body as UpdateWorkflowRequest,
          actor,
        ),
    );
    res.json(workflow);
  });

  router.delete('/workflows/:workflowId', async (req, res) => {
    const { credentials, actor } = await caller(req);
    const id = req.params.workflowId;
    await requests.audited(req, 'workflow-delete', { workflow: id }, () =>
      workflows.delete(credentials, id, actor),
    );
    res.status(204).end();
  });

  router.get('/workflows/:workflowId/revisions', async (req, res) => {
    const { credentials } = await caller(req);
    res.json({
      items: await workflows.revisions(credentials, req.params.workflowId),
    });
  });

  router.get('/workflows/:workflowId/deliveries', async (req, res) => {
    const { credentials } = await caller(req);
    const workflow = await workflows.get(
      credentials,
      req.params.workflowId,
      berthWorkflowReadPermission,
    );
    res.json({
      items: await deps.deliveries.list(workflow.id, {
        limit: req.query.limit,
      }),
    });
  });

  router.post('/workflows/:workflowId/runs', async (req, res) => {
    const { credentials, actor } = await caller(req);
    const id = req.params.workflowId;
    const params = (req.body?.params ?? {}) as Record<
      string,
      WorkflowParamValue
    >;
    const run = await requests.audited(
      req,
      'workflow-run-start',
      { workflow: id },
      () => workflows.startRun(credentials, id, params, actor),
    );
    res.status(201).json(run);
  });

  router.get('/workflows/:workflowId/runs', async (req, res) => {
    const { credentials } = await caller(req);
    const status = parseRunStatuses(req.query.status);
    const workflow = await workflows.get(
      credentials,
      req.params.workflowId,
      berthWorkflowReadPermission,
    );
    res.json({
      items: await workflows.listRuns(credentials, {
        workflowId: workflow.id,
        status,
        limit: req.query.limit,
      }),
    });
  });

  router.get('/workflow-runs', async (req, res) => {
    const { credentials } = await caller(req);
    const status = parseRunStatuses(req.query.status);
    res.json({
      items: await workflows.listRuns(credentials, {
        projectRef: req.query.projectRef,
        environmentId: req.query.environmentId,
        status,
        limit: req.query.limit,
      }),
    });
  });

  router.get('/workflow-runs/:runId', async (req, res) => {
    const { credentials } = await caller(req);
    const { run } = await workflows.run(
      credentials,
      req.params.runId,
      berthWorkflowReadPermission,
    );
    res.json(run);
  });

  router.post('/workflow-runs/:runId/cancel', async (req, res) => {
    const { credentials, actor } = await caller(req);
    const runId = req.params.runId;
    const run = await requests.audited(
      req,
      'workflow-run-cancel',
      { run: runId },
      () => workflows.cancel(credentials, runId, actor),
    );
    res.json(run);
  });

  router.post('/workflow-runs/:runId/retry', async (req, res) => {
    const { credentials, actor } = await caller(req);
    const runId = req.params.runId;
    const run = await requests.audited(
      req,
      'workflow-run-retry',
      { run: runId },
      () => workflows.retry(credentials, runId, actor),
    );
    res.json(run);
  });

  router.post('/workflow-runs/:runId/rerun', async (req, res) => {
    const { credentials, actor } = await caller(req);
    const runId = req.params.runId;
    const run = await requests.audited(
      req,
      'workflow-run-rerun',
      { run: runId },
      () => workflows.rerun(credentials, runId, actor),
    );
    res.status(201).json(run);
  });

  router.post(
    '/workflow-runs/:runId/stages/:stage/continue',
    async (req, res) => {
      const { credentials, actor } = await caller(req);
      const { runId, stage } = req.params;
      const run = await requests.audited(
        req,
        'workflow-stage-continue',
        { run: runId, stage },
        () => workflows.continueStage(credentials, runId, stage, actor),
      );
      res.json(run);
    },
  );

  router.get('/workflow-runs/:runId/jobs/:jobRunId/logs', async (req, res) => {
    const { credentials } = await caller(req);
    const { runId, jobRunId } = req.params;
    const jobRun = await workflows.jobRun(credentials, runId, jobRunId);
    res.json({
      items: await deps.jobLogs.read(jobRun.id, {
        afterSequence: req.query.after,
        limit: req.query.limit,
      }),
    });
  });

  router.get(
    '/workflow-runs/:runId/jobs/:jobRunId/logs/stream',
    async (req, res) => {
      const { credentials } = await caller(req);
      const { runId, jobRunId } = req.params;
      const jobRun = await workflows.jobRun(credentials, runId, jobRunId);
      await streamJobLog(req as any, res as any, {
        logs: deps.jobLogs,
        jobRunId: jobRun.id,
        notifier: deps.jobLogNotifier,
        pollIntervalMs: deps.logPollIntervalMs,
        isFinished: async () =>
          FINISHED_JOB.includes(
            (
              await deps.workflowService.jobRunOf(runId, jobRunId)
            ).status,
          ),
      });
    },
  );

  router.get('/workflow-approvals', async (req, res) => {
    const { credentials } = await caller(req);
    const status = parseApprovalStatuses(req.query.status);
    const approverRefs =
      req.query.mine === 'true' ? await ownershipRefs(credentials) : undefined;
    res.json({
      items: await workflows.approvals(credentials, { status, approverRefs }),
    });
  });

  router.post('/workflow-approvals/:approvalId/decision', async (req, res) => {
    const { credentials, actor } = await caller(req);
    const id = req.params.approvalId;
    const body = req.body as WorkflowApprovalDecisionRequest;
    const approval = await requests.audited(
      req,
      'workflow-approval-decide',
      { approval: id, decision: body.decision },
      async () => {
        const who: WorkflowActor = {
          userRef: actor,
          ownershipRefs: await ownershipRefs(credentials),
        };
        return workflows.decide(credentials, id, body, who);
      },
    );
    res.json(approval);
  });

  return router;
}
