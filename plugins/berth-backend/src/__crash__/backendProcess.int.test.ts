import { processGroup } from './__testUtils__/processTree';
import { crashSetup } from './__testUtils__/crashSetup';

// The crash-test harness itself: the real backend (packages/backend) as child
// processes on one PostgreSQL database, two at once, one of them killed with
// SIGKILL and started again; what was written survives.
jest.setTimeout(10 * 60_000);

const setup = crashSetup({ name: 'smoke' });
afterAll(() => setup.cleanUp());

it(
  'keeps a project written through one replica across a SIGKILL; a second replica on the same database sees it',
  setup.run(async () => {
    const a = await setup.backend('a');
    const b = await setup.backend('b');
    await a.start();
    await setup.waitForProject(a);
    await setup.addServices(a, [['db'], ['api'], ['web']]);

    await b.start();
    const seenByB = await b.api.get(setup.projectPath);
    expect(seenByB.status).toBe(200);
    expect(seenByB.body.services.map((s: { name: string }) => s.name)).toEqual([
      'api',
      'db',
      'web',
    ]);

    const pid = a.pid()!;
    const exit = await a.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    expect(processGroup(pid)).toEqual([]);
    await expect(a.api.get('/health')).rejects.toThrow();

    await a.start();
    const project = await a.api.get(setup.projectPath);
    expect(project.status).toBe(200);
    expect(project.body).toMatchObject({
      ref: setup.projectRef,
      ownerRef: 'group:default/crash-owners',
      startOrder: [['db'], ['api'], ['web']],
    });
    expect(project.body.services).toHaveLength(3);
    expect(
      project.body.services.map(
        (s: { kind: string; latestRevision: number }) => [
          s.kind,
          s.latestRevision,
        ],
      ),
    ).toEqual([
      ['helm', 1],
      ['helm', 1],
      ['helm', 1],
    ]);

    // A graceful stop ends the process by itself.
    const stopped = await b.kill('SIGTERM');
    expect(stopped).toEqual({ code: 0, signal: null });

    console.log(
      `backend start times (ms): a ${a.startTimes.join(
        ', ',
      )}; b ${b.startTimes.join(', ')}`,
    );
  }),
);
