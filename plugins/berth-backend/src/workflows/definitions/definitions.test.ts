import { InputError } from '@backstage/errors';
import { WorkflowDefinition } from '@berth/plugin-berth-common';
import { BerthJobType } from '@berth/plugin-berth-node';
import { z } from 'zod';
import { computeTargets } from './computeTargets';
import { resolveExpressions } from './expressions';
import { parseDefinition } from './parseDefinition';
import { resolveRunParams } from './resolveRunParams';
import { validateDefinition } from './validateDefinition';

const jobType = (schema: z.ZodType): BerthJobType => ({
  name: 'x',
  inputSchema: schema,
  run: async () => {},
});
const jobTypes = new Map<string, BerthJobType>([
  [
    'build',
    jobType(z.object({ repo: z.string(), retries: z.number().optional() })),
  ],
  [
    'deploy',
    jobType(
      z.object({ environment: z.string(), image: z.string().optional() }),
    ),
  ],
  [
    'script',
    jobType(
      z.object({ count: z.number().optional(), script: z.string().optional() }),
    ),
  ],
]);

function definition(
  over: Partial<WorkflowDefinition> = {},
): WorkflowDefinition {
  return {
    params: [
      { name: 'env', type: 'choice', options: ['dev', 'prod'], default: 'dev' },
      { name: 'n', type: 'number', default: 2 },
    ],
    stages: [
      {
        name: 'build',
        jobs: [{ name: 'build', type: 'build', spec: { repo: 'r' } }],
      },
      {
        name: 'deploy',
        jobs: [
          {
            name: 'deploy',
            type: 'deploy',
            spec: {
              environment: '${params.env}',
              image: '${jobs.build.outputs.image}',
            },
          },
        ],
      },
    ],
    ...over,
  };
}

function refusal(run: () => void): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

const check = (d: WorkflowDefinition) => () => validateDefinition(d, jobTypes);

describe('workflow definitions', () => {
  it('accepts a valid definition given as YAML', () => {
    const parsed = parseDefinition({
      yaml: `
params:
  - { name: env, type: choice, options: [dev, prod], default: dev }
stages:
  - name: build
    jobs: [{ name: build, type: build, spec: { repo: r } }]
  - name: deploy
    manual: true
    jobs: [{ name: deploy, type: deploy, spec: { environment: '\${params.env}' } }]
triggers:
  - { type: cron, name: nightly, cron: '0 3 * * *' }
`,
    });
    expect(parsed.stages[1].manual).toBe(true);
    expect(() => validateDefinition(parsed, jobTypes)).not.toThrow();
    expect(() => validateDefinition(definition(), jobTypes)).not.toThrow();
  });

  it('refuses bad YAML and bad shapes, naming the path', () => {
    expect(refusal(() => parseDefinition({ yaml: 'stages: [' }))).toMatch(
      /does not parse/,
    );
    expect(
      refusal(() =>
        parseDefinition({
          definition: {
            stages: [
              {
                name: 's',
                jobs: [{ name: 'j', type: 't', timeoutMinutes: -1 }],
              },
            ],
          },
        }),
      ),
    ).toMatch(/stages\[0\]\.jobs\[0\]\.timeoutMinutes:/);
    expect(
      refusal(() => parseDefinition({ definition: { stages: [], extra: 1 } })),
    ).toMatch(/stages: a workflow needs at least one stage/);
    expect(refusal(() => parseDefinition({}))).toMatch(/needs a definition/);
  });

  it('refuses an unknown job type', () => {
    const d = definition();
    d.stages[0].jobs[0].type = 'buidl';
    expect(refusal(check(d))).toMatch(
      /stages\[0\]\.jobs\[0\]\.type: unknown job type 'buidl'/,
    );
  });

  it("refuses a spec its job type's schema refuses, also through a param sample", () => {
    const d = definition();
    d.stages[0].jobs[0].spec = { repo: 3 };
    expect(refusal(check(d))).toMatch(/stages\[0\]\.jobs\[0\]\.spec\.repo:/);
    const e = definition();
    e.stages[0].jobs[0].spec = { repo: 'r', retries: '${params.env}' };
    expect(refusal(check(e))).toMatch(/stages\[0\]\.jobs\[0\]\.spec\.retries:/);
    const ok = definition();
    ok.stages[0].jobs[0].spec = { repo: 'r', retries: '${params.n}' };
    expect(check(ok)).not.toThrow();
  });

  it('refuses references to later or unknown jobs and undeclared params', () => {
    const d = definition();
    d.stages[0].jobs.push({
      name: 'early',
      type: 'script',
      spec: { script: 'echo ${jobs.deploy.outputs.x}' },
    });
    expect(refusal(check(d))).toMatch(
      /stages\[0\]\.jobs\[1\]\.spec\.script: .*job 'deploy', which is not in an earlier stage/,
    );
    const e = definition();
    e.stages[1].jobs[0].spec.environment = '${params.nope}';
    expect(refusal(check(e))).toMatch(
      /spec\.environment: '\$\{params\.nope\}' names no declared param/,
    );
    const f = definition();
    f.stages[1].jobs[0].spec.image = '${secrets.x}';
    expect(refusal(check(f))).toMatch(/unknown expression/);
    const g = definition();
    g.stages[1].jobs[0].spec.images = { fromJob: 'ghost' };
    expect(refusal(check(g))).toMatch(/fromJob names job 'ghost'/);
  });

  it('refuses duplicate names', () => {
    const d = definition();
    d.stages[1].jobs[0].name = 'build';
    d.stages[1].jobs[0].spec = { environment: 'dev' };
    expect(refusal(check(d))).toMatch(
      /stages\[1\]\.jobs\[0\]\.name: duplicate job 'build'/,
    );
    const e = definition({
      params: [
        { name: 'a', type: 'string' },
        { name: 'a', type: 'string' },
      ],
    });
    e.stages[1].jobs[0].spec = { environment: 'dev' };
    expect(refusal(check(e))).toMatch(/params\[1\]\.name: duplicate param 'a'/);
    const f = definition();
    f.stages[1].name = 'build';
    expect(refusal(check(f))).toMatch(/stages\[1\]\.name: duplicate stage/);
  });

  it('refuses param defaults of the wrong type or outside the options', () => {
    const d = definition();
    d.params![1].default = 'two';
    expect(refusal(check(d))).toMatch(/params\[1\]\.default: must be a number/);
    const e = definition();
    e.params![0].default = 'qa';
    expect(refusal(check(e))).toMatch(
      /params\[0\]\.default: 'qa' is not among the options/,
    );
    const f = definition({ params: [{ name: 'env', type: 'choice' }] });
    expect(refusal(check(f))).toMatch(
      /params\[0\]\.options: a choice param needs options/,
    );
  });

  it('refuses a cron that does not parse, a bad branch pattern and unknown trigger params', () => {
    const d = definition({
      triggers: [{ type: 'cron', name: 'c', cron: '61 * * * *' }],
    });
    expect(refusal(check(d))).toMatch(/triggers\[0\]\.cron:/);
    const e = definition({
      triggers: [
        {
          type: 'git',
          name: 'g',
          provider: 'github',
          repo: 'o/r',
          events: ['push'],
          branches: '(',
          params: { x: '1' },
        },
      ],
    });
    const message = refusal(check(e));
    expect(message).toMatch(
      /triggers\[0\]\.branches: not a regular expression/,
    );
    expect(message).toMatch(/triggers\[0\]\.params\.x: no param 'x'/);
  });

  it('refuses a concurrency group naming an undeclared param', () => {
    const d = definition({ concurrency: { group: '${params.zone}' } });
    expect(refusal(check(d))).toMatch(/concurrency\.group:/);
  });

  it('checks run params: unknown, missing, wrong type, choice outside options', () => {
    const d = definition({
      params: [
        {
          name: 'env',
          type: 'choice',
          options: ['dev', 'prod'],
          required: true,
        },
        { name: 'n', type: 'number', default: 2 },
        { name: 'tags', type: 'multiChoice', options: ['a', 'b'] },
      ],
    });
    expect(resolveRunParams(d, { env: 'dev' })).toEqual({ env: 'dev', n: 2 });
    expect(() => resolveRunParams(d, {})).toThrow(/param 'env' is required/);
    expect(() => resolveRunParams(d, { env: 'qa' })).toThrow(
      /param 'env' 'qa' is not among the options/,
    );
    expect(() => resolveRunParams(d, { env: 'dev', n: '3' })).toThrow(
      /param 'n' must be a number/,
    );
    expect(() => resolveRunParams(d, { env: 'dev', tags: ['c'] })).toThrow(
      /param 'tags' 'c' not among/,
    );
    expect(() => resolveRunParams(d, { env: 'dev', zzz: 1 })).toThrow(
      /param 'zzz' is not declared/,
    );
  });

  it('computes targets through the environments, refusing unknown literal ones', async () => {
    const envs: Record<string, { id: string; tier: string; cluster: string }> =
      {
        dev: { id: 'e-dev', tier: 'development', cluster: 'c1' },
        prod: { id: 'e-prod', tier: 'production', cluster: 'c2' },
      };
    const resolve = async (_: string, name: string) => envs[name];
    expect(
      await computeTargets(definition(), 'system:default/shop', resolve),
    ).toEqual({
      tiers: ['development', 'production'],
      clusters: ['c1', 'c2'],
      environments: ['e-dev', 'e-prod'],
    });
    expect(
      await computeTargets(definition(), 'system:default/shop', resolve, {
        env: 'prod',
      }),
    ).toEqual({
      tiers: ['production'],
      clusters: ['c2'],
      environments: ['e-prod'],
    });
    const d = definition();
    d.stages[1].jobs[0].spec.environment = 'staging';
    await expect(
      computeTargets(d, 'system:default/shop', resolve),
    ).rejects.toThrow(
      /stages\[1\]\.jobs\[0\]\.spec\.environment: project system:default\/shop has no environment 'staging'/,
    );
  });

  it('resolves expressions keeping whole values typed', () => {
    const scope = {
      params: { n: 3, env: 'dev' },
      jobs: { build: { image: 'repo/app', digest: 'sha256:1' } },
      run: { id: 'r1', sequence: 7 },
    };
    expect(
      resolveExpressions(
        {
          n: '${params.n}',
          tag: '${jobs.build.outputs.image}@${jobs.build.outputs.digest}',
          s: 'run-${run.sequence}',
        },
        scope,
      ),
    ).toEqual({ n: 3, tag: 'repo/app@sha256:1', s: 'run-7' });
    expect(() =>
      resolveExpressions('${jobs.build.outputs.nope}', scope),
    ).toThrow(/no output 'nope'/);
  });
});
