import {
  berthEnvironmentReadPermission,
  berthEnvironmentSleepPermission,
} from '@berth/plugin-berth-common';
import { ConflictError } from '@backstage/errors';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import express from 'express';
import { AnyRequest, routeGroup } from '../http/routeGroup';
import { RouteRequests } from '../http/routeRequests';
import { SleepScheduler } from './SleepScheduler';
import { SleepService } from './SleepService';

/** Sleep, wake and their schedules: `/environments/:id/sleep`, `/wake`, `/sleep-schedule`. */
export function sleepRoutes(deps: {
  requests: RouteRequests;
  sleep: SleepService;
  sleepScheduler: SleepScheduler;
  environmentOperations: EnvironmentOperations;
}): express.Router {
  const router = routeGroup();

  const { requests } = deps;
  const sleeper = async (req: AnyRequest) => {
    const { environment, operationActor: actor } = await requests.environment(
      req,
      berthEnvironmentSleepPermission,
    );
    return { environment, actor };
  };

  router.get('/environments/:id/sleep', async (req, res) => {
    const { environment } = await requests.environment(
      req,
      berthEnvironmentReadPermission,
    );
    res.json(await deps.sleep.describe(environment));
  });

  router.post('/environments/:id/sleep', async (req, res) => {
    const { environment, actor } = await sleeper(req);
    await deps.environmentOperations.assertCanStart(environment.id, 'sleep');
    if (environment.sleeping) {
      throw new ConflictError(
        environment.sleepState === 'waking'
          ? `Environment '${environment.name}' is waking up`
          : `Environment '${environment.name}' is already asleep`,
      );
    }
    const operation = await requests.audited(
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
    const { environment, actor } = await sleeper(req);
    await deps.environmentOperations.assertCanStart(environment.id, 'wake');
    if (environment.sleepState !== 'asleep') {
      throw new ConflictError(
        environment.sleepState === 'waking'
          ? `Environment '${environment.name}' is already waking up`
          : `Environment '${environment.name}' is not asleep`,
      );
    }
    const operation = await requests.audited(
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
    const { environment, actor } = await sleeper(req);
    const body = req.body;
    const schedule = await requests.audited(
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
    const { environment } = await sleeper(req);
    await requests.audited(
      req,
      'environment-sleep-schedule-delete',
      { environment: environment.id },
      () => deps.sleepScheduler.remove(environment),
    );
    res.status(204).end();
  });

  return router;
}
