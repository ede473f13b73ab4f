import { berthEnvironmentSleepPermission } from '@berth/plugin-berth-common';
import { ConflictError } from '@backstage/errors';
import { EnvironmentOperations } from '../operations/EnvironmentOperations';
import { AnyRequest, BerthRouter, defineRouteGroup } from '../http/routeGroup';
import { RouteRequests } from '../http/routeRequests';
import { SleepScheduler } from './SleepScheduler';
import { SleepService } from './SleepService';
import { sleepConflict } from './sleepConflict';

/** Sleep, wake and their schedules: `/environments/:id/sleep`, `/wake`, `/sleep-schedule`. */
export const sleepRoutes = defineRouteGroup(addSleepRoutes);

/** What the sleep routes use. */
interface SleepRouteDeps {
  requests: RouteRequests;
  sleep: SleepService;
  sleepScheduler: SleepScheduler;
  environmentOperations: EnvironmentOperations;
}

function addSleepRoutes(
  router: BerthRouter,
  { requests, ...deps }: SleepRouteDeps,
) {
  const sleeper = async (req: AnyRequest) => {
    const { environment, operationActor: actor } = await requests.environment(
      req,
      berthEnvironmentSleepPermission,
    );
    return { environment, actor };
  };

  router.get('/environments/:id/sleep', async (req, res) => {
    const environment = await requests.readableEnvironment(req);
    res.json(await deps.sleep.describe(environment));
  });

  /**
   * Starts a sleep or a wake, unless the environment's present state
   * refuses it (`sleepConflict`).
   */
  const startOperation = async (req: AnyRequest, kind: 'sleep' | 'wake') => {
    const { environment, actor } = await sleeper(req);
    await deps.environmentOperations.assertCanStart(environment.id, kind);
    const refused = sleepConflict(kind, environment);
    if (refused) {
      throw new ConflictError(`Environment '${environment.name}' ${refused}`);
    }
    const title = `${kind === 'sleep' ? 'Sleep' : 'Wake'} ${environment.name}`;
    const operation = await requests.audited(
      req,
      `environment-${kind}`,
      { environment: environment.id },
      () =>
        deps.environmentOperations.start(
          environment,
          { kind, title, spec: {} },
          actor,
        ),
    );
    return { ...(await deps.sleep.describe(environment)), operation };
  };

  router.post('/environments/:id/sleep', async (req, res) => {
    const started = await startOperation(req, 'sleep');
    res.status(202).json(started);
  });

  router.post('/environments/:id/wake', async (req, res) => {
    const started = await startOperation(req, 'wake');
    res.status(202).json(started);
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
}
