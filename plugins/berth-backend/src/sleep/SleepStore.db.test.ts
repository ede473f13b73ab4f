import { ConflictError } from '@backstage/errors';
import { EnvironmentStore } from '../database/EnvironmentStore';
import { ProjectStore } from '../projects/ProjectStore';
import {
  createBerthTestDatabases,
  migratedDatabase,
} from '../__testUtils__/testDatabases';
import { SleepScheduleStore } from './SleepScheduleStore';
import { SleepStore } from './SleepStore';

jest.setTimeout(60_000);

const databases = createBerthTestDatabases();

describe.each(databases.eachSupportedId())('sleep stores on %s', id => {
  async function setUp() {
    const knex = await migratedDatabase(databases, id);
    await new ProjectStore(knex).upsert({
      ref: 'system:default/shop',
      name: 'shop',
      ownerRef: 'group:default/team-shop',
    });
    const environments = new EnvironmentStore(knex);
    const environment = await environments.create({
      projectRef: 'system:default/shop',
      name: 'dev',
      cluster: 'local-east',
      namespace: 'shop-dev',
      tier: 'development',
      createdBy: 'user:default/ada',
    });
    return {
      knex,
      environments,
      environment,
      sleeps: new SleepStore(knex),
      schedules: new SleepScheduleStore(knex),
    };
  }

  it('goes asleep once, wakes once, and the environment shows it', async () => {
    const { environments, environment, sleeps } = await setUp();
    expect((await environments.getById(environment.id)).sleeping).toBe(false);

    await sleeps.claimSleep(environment, 'user:default/ada');
    await expect(
      sleeps.claimSleep(environment, 'user:default/bob'),
    ).rejects.toThrow(new ConflictError("Environment 'dev' is already asleep"));
    const workloads = [
      {
        kind: 'Deployment' as const,
        name: 'cart',
        service: 'cart',
        replicas: 3,
      },
      { kind: 'CronJob' as const, name: 'report', suspended: true },
    ];
    await sleeps.recordWorkloads(environment.id, workloads);
    expect(await sleeps.get(environment.id)).toMatchObject({
      state: 'asleep',
      actor: 'user:default/ada',
      workloads,
    });
    expect(await environments.getById(environment.id)).toMatchObject({
      sleeping: true,
      sleepState: 'asleep',
    });
    expect(
      (await environments.list({ projectRef: 'system:default/shop' }))[0]
        .sleeping,
    ).toBe(true);

    const claimed = await sleeps.claimWake(environment, 'user:default/bob');
    expect(claimed).toMatchObject({ state: 'waking', workloads });
    await expect(
      sleeps.claimWake(environment, 'user:default/bob'),
    ).rejects.toThrow("Environment 'dev' is already waking up");
    await expect(sleeps.claimSleep(environment, 'x')).rejects.toThrow(
      "Environment 'dev' is waking up",
    );
    expect((await environments.getById(environment.id)).sleepState).toBe(
      'waking',
    );

    await sleeps.finishWake(environment.id);
    expect(await sleeps.get(environment.id)).toBeUndefined();
    const awake = await environments.getById(environment.id);
    expect(awake.sleeping).toBe(false);
    expect(awake.sleepState).toBeUndefined();
    await expect(sleeps.claimWake(environment, 'x')).rejects.toThrow(
      "Environment 'dev' is not asleep",
    );
  });

  it('returns to asleep with the error when a wake fails', async () => {
    const { environment, sleeps } = await setUp();
    await sleeps.claimSleep(environment, 'user:default/ada');
    await sleeps.claimWake(environment, 'user:default/ada');
    await sleeps.failWake(environment.id, 'group 2 timed out');
    expect(await sleeps.get(environment.id)).toMatchObject({
      state: 'asleep',
      lastError: 'group 2 timed out',
    });
    await sleeps.claimWake(environment, 'user:default/ada');
    expect((await sleeps.get(environment.id))?.lastError).toBeUndefined();
  });

  it('stores schedules, finds the due ones, and lets one claim win', async () => {
    const { environment, schedules } = await setUp();
    const due = new Date('2026-11-23T19:00:00.000Z');
    const later = new Date('2026-11-24T19:00:00.000Z');
    const stored = await schedules.set(
      environment.id,
      {
        sleepCron: '0 20 * * *',
        wakeCron: '0 7 * * *',
        timeZone: 'Europe/Berlin',
        nextSleepAt: due,
        nextWakeAt: new Date('2026-11-24T06:00:00.000Z'),
      },
      'user:default/ada',
    );
    expect(stored).toMatchObject({
      sleepCron: '0 20 * * *',
      wakeCron: '0 7 * * *',
      timeZone: 'Europe/Berlin',
      nextSleepAt: due.toISOString(),
      nextWakeAt: '2026-11-24T06:00:00.000Z',
    });
    expect(await schedules.due(new Date('2026-11-23T18:59:00Z'))).toEqual([]);
    const [found] = await schedules.due(new Date('2026-11-23T19:00:30Z'));
    expect(found.environmentId).toBe(environment.id);

    const results = await Promise.all([
      schedules.claim(environment.id, 'sleep', found.due.sleep!, later),
      schedules.claim(environment.id, 'sleep', found.due.sleep!, later),
    ]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await schedules.get(environment.id))?.nextSleepAt).toBe(
      later.toISOString(),
    );
    expect(await schedules.due(new Date('2026-11-23T19:00:30Z'))).toEqual([]);

    await schedules.set(
      environment.id,
      { wakeCron: '0 8 * * *', timeZone: 'UTC' },
      'user:default/ada',
    );
    const replaced = await schedules.get(environment.id);
    expect(replaced?.sleepCron).toBeUndefined();
    expect(replaced?.wakeCron).toBe('0 8 * * *');
    await schedules.delete(environment.id);
    expect(await schedules.get(environment.id)).toBeUndefined();
  });

  it('forgets sleep and schedule with the environment', async () => {
    const { environments, environment, sleeps, schedules } = await setUp();
    await sleeps.claimSleep(environment, 'user:default/ada');
    await schedules.set(
      environment.id,
      { sleepCron: '0 20 * * *', timeZone: 'UTC' },
      'user:default/ada',
    );
    await environments.delete(environment.id);
    await expect(environments.getById(environment.id)).rejects.toThrow(
      /No environment/,
    );
  });
});
