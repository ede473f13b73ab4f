import { scriptJobInputSchema, testJobInputSchema } from './scriptJobInput';

const script = scriptJobInputSchema(['berth-builds']);
const test = testJobInputSchema(['berth-builds']);

const issues = (result: { success: boolean; error?: { issues: any[] } }) =>
  result.error?.issues.map(i => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('script and test job params', () => {
  it('takes an environment or a listed namespace with its cluster', () => {
    expect(
      script.parse({
        commands: 'make',
        environment: 'dev',
        outputs: ['image'],
      }),
    ).toEqual({ commands: 'make', environment: 'dev', outputs: ['image'] });
    expect(
      script.safeParse({
        commands: ['a', 'b'],
        cluster: 'local-east',
        namespace: 'berth-builds',
        env: { GREETING: 'hi' },
        image: 'node:22',
      }).success,
    ).toBe(true);
    expect(
      test.parse({ commands: 'npm test', environment: 'dev', junit: 'r/*.xml' })
        .junit,
    ).toBe('r/*.xml');
  });

  it('refuses bad params, naming the field', () => {
    expect(issues(script.safeParse({ environment: 'dev' }))).toEqual([
      expect.stringMatching(/^commands: /),
    ]);
    expect(
      issues(script.safeParse({ commands: [], environment: 'dev' })),
    ).toEqual([expect.stringMatching(/^commands: /)]);
    expect(issues(script.safeParse({ commands: 'x' }))).toEqual([
      'environment: give either environment or namespace (with cluster)',
    ]);
    expect(
      issues(
        script.safeParse({
          commands: 'x',
          environment: 'dev',
          namespace: 'berth-builds',
          cluster: 'c',
        }),
      ),
    ).toEqual([
      'environment: give either environment or namespace (with cluster)',
    ]);
    expect(
      issues(script.safeParse({ commands: 'x', namespace: 'berth-builds' })),
    ).toEqual(['cluster: a job in a namespace needs its cluster']);
    expect(
      issues(
        script.safeParse({
          commands: 'x',
          namespace: 'kube-system',
          cluster: 'c',
        }),
      ),
    ).toEqual([
      "namespace: namespace 'kube-system' is not in berth.workflows.jobs.namespaces (berth-builds)",
    ]);
    expect(
      issues(
        script.safeParse({
          commands: 'x',
          environment: 'dev',
          env: { OUTPUTS_PATH: '/x' },
        }),
      ),
    ).toEqual(['env: OUTPUTS_PATH is set by Berth']);
    expect(
      issues(
        script.safeParse({
          commands: 'x',
          environment: 'dev',
          env: { 'A-B': '1' },
        }),
      ),
    ).toEqual([expect.stringMatching(/^env/)]);
    expect(
      issues(
        script.safeParse({ commands: 'x', environment: 'dev', junit: 'a' }),
      ),
    ).toEqual([expect.stringMatching(/junit|Unrecognized/)]);
    expect(
      issues(test.safeParse({ commands: 'x', environment: 'dev' })),
    ).toEqual([expect.stringMatching(/^junit: /)]);
  });
});
