import {
  AuditorService,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  berthEnvironmentReadPermission,
  berthEnvironmentSleepPermission,
} from '@berth/plugin-berth-common';
import { ConflictError } from '@backstage/errors';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { operationActor } from '../model/actor';
import express, { Request } from 'express';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { audited } from '../http/audited';
import { environmentAccess } from '../http/authorizedEnvironment';
import { EnvironmentPermission } from '../permissions/AuthorizedEnvironments';
import { EnvironmentAuthorizer } from '../permissions/EnvironmentAuthorizer';
import { ProjectService } from '../projects/ProjectService';
import { SleepScheduler } from './SleepScheduler';
import { SleepService } from './SleepService';
import { routeGroup } from '../http/routeGroup';

/** Sleep, wake and their schedules: `/environments/:id/sleep`, `/wake`, `/sleep-schedule`. */
export function sleepRoutes(deps: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  logger: LoggerService;
  authorizer: EnvironmentAuthorizer;
  environments: EnvironmentStore;
  projects: ProjectService;
  sleep: SleepService;
  sleepScheduler: SleepScheduler;
  environmentOperations: EnvironmentOperations;
}): express.Router {
  const router = routeGroup();

  const access = environmentAccess(deps);
  async function authorized(req: Request, permission: EnvironmentPermission) {
    const { credentials, environment } = await access(req, permission);
    return { environment, actor: operationActor(credentials) };
  }

  router.get('/environments/:id/sleep', async (req, res) => {
    const { environment } = await authorized(
      req,
      berthEnvironmentReadPermission,
    );
    res.json(await deps.sleep.describe(environment));
  });

  router.post('/environments/:id/sleep', async (req, res) => {
    const { environment, actor } = await authorized(
      req,
      berthEnvironmentSleepPermission,
    );
    await deps.environmentOperations.assertCanStart(environment.id, 'sleep');
    if (environment.sleeping) {
      throw new ConflictError(
        environment.sleepState === 'waking'
          ? `Environment '${environment.name}' is waking up`
          : `Environment '${environment.name}' is already asleep`,
      );
    }
    const operation = await audited(
      deps.auditor,
      req,
      'environment-sleep',
      { environment: environment.id },
      () =>
        deps.environmentOperations.start(
          environment,
          { kind: 'sleep', title: `Sleep ${environment.name}`, spec: {} },
          actor,
        ),
    );
    res
      .status(202)
      .json({ ...(await deps.sleep.describe(environment)), operation });
  });

  router.post('/environments/:id/wake', async (req, res) => {
    const { environment, actor } = await authorized(
      req,
      berthEnvironmentSleepPermission,
    );
    await deps.environmentOperations.assertCanStart(environment.id, 'wake');
    if (environment.sleepState !== 'asleep') {
      throw new ConflictError(
        environment.sleepState === 'waking'
          ? `Environment '${environment.name}' is already waking up`
          : `Environment '${environment.name}' is not asleep`,
      );
    }
    const operation = await audited(
      deps.auditor,
      req,
      'environment-wake',
      { environment: environment.id },
      () =>
        deps.environmentOperations.start(
          environment,
          { kind: 'wake', title: `Wake ${environment.name}`, spec: {} },
          actor,
        ),
    );
    res
      .status(202)
      .json({ ...(await deps.sleep.describe(environment)), operation });
  });

  router.put('/environments/:id/sleep-schedule', async (req, res) => {
    const { environment, actor } = await authorized(
      req,
      berthEnvironmentSleepPermission,
    );
    const body = req.body;
    const schedule = await audited(
      deps.auditor,
      req,
      'environment-sleep-schedule',
      {
        environment: environment.id,
        sleepCron: body.sleepCron ?? '',
        wakeCron: body.wakeCron ?? '',
        timeZone: body.timeZone ?? 'UTC',
      },
      () => deps.sleepScheduler.set(environment, body, actor.ref),
    );
    if (schedule) res.json(schedule);
    else res.status(204).end();
  });

  router.delete('/environments/:id/sleep-schedule', async (req, res) => {
    const { environment } = await authorized(
      req,
      berthEnvironmentSleepPermission,
    );
    await audited(
      deps.auditor,
      req,
      'environment-sleep-schedule-delete',
      { environment: environment.id },
      () => deps.sleepScheduler.remove(environment),
    );
    res.status(204).end();
  });

  return router;
}
