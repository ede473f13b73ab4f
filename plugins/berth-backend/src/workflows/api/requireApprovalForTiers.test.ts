import { ConfigReader } from '@backstage/config';
import { WorkflowDefinition } from '@berth/plugin-berth-common';
import { deployTargetsOf } from './deployTargets';
import {
  assertApprovalBeforeTiers,
  readRequireApprovalForTiers,
} from './requireApprovalForTiers';

const config = (tiers?: unknown) =>
  new ConfigReader(
    tiers === undefined
      ? {}
      : { berth: { workflows: { requireApprovalForTiers: tiers } } },
  );

describe('readRequireApprovalForTiers', () => {
  it('reads the tiers; none by default', () => {
    expect(readRequireApprovalForTiers(config())).toEqual([]);
    expect(
      readRequireApprovalForTiers(config(['production', 'staging'])),
    ).toEqual(['production', 'staging']);
  });

  it('refuses an unknown tier at startup', () => {
    expect(() => readRequireApprovalForTiers(config(['prod']))).toThrow(
      /berth\.workflows\.requireApprovalForTiers: 'prod' is not a tier/,
    );
  });
});

describe('assertApprovalBeforeTiers', () => {
  const prod = {
    id: 'e-prod',
    name: 'prod',
    tier: 'production',
    cluster: 'west',
  };
  const deploy = {
    name: 'ship',
    type: 'deploy',
    spec: { environment: 'prod' },
  };
  const approval = {
    name: 'ok',
    type: 'approval',
    spec: { approvers: ['group:default/a'] },
  };
  const check = (definition: WorkflowDefinition, tiers = ['production']) =>
    assertApprovalBeforeTiers(
      definition,
      deployTargetsOf(definition, [prod]),
      tiers,
    );

  it('accepts an approval in an earlier stage, and any workflow when no tier is listed', () => {
    expect(() =>
      check({
        stages: [
          { name: 'a', jobs: [approval] },
          { name: 'b', jobs: [deploy] },
        ],
      }),
    ).not.toThrow();
    expect(() =>
      check({ stages: [{ name: 'b', jobs: [deploy] }] }, []),
    ).not.toThrow();
    expect(() =>
      check({ stages: [{ name: 'b', jobs: [deploy] }] }, ['staging']),
    ).not.toThrow();
  });

  it('refuses a deploy without one, or with one in the same or a later stage, naming the job', () => {
    expect(() => check({ stages: [{ name: 'b', jobs: [deploy] }] })).toThrow(
      /^definition\.stages\.0\.jobs\.0: job 'ship' deploys to production environment 'prod'/,
    );
    expect(() =>
      check({ stages: [{ name: 'b', jobs: [approval, deploy] }] }),
    ).toThrow(/definition\.stages\.0\.jobs\.1/);
    expect(() =>
      check({
        stages: [
          { name: 'b', jobs: [deploy] },
          { name: 'a', jobs: [approval] },
        ],
      }),
    ).toThrow(/definition\.stages\.0\.jobs\.0/);
  });
});
