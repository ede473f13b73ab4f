import { mockServices } from '@backstage/backend-test-utils';
import { PortalLinks } from '../berth/portalLinks';
import { actionContext } from '../__testUtils__/actionContext';
import {
  createBerthEnvironmentCopyAction,
  createBerthEnvironmentCreateAction,
  createBerthEnvironmentDeployAction,
  createBerthWorkflowRunAction,
} from '.';

// Input the JSON schema lets through but the handler refuses before it
// calls Berth: the discovery service here has no Berth behind it, so a
// refusal that reached Berth would fail with a network error instead.
const deps = {
  auth: mockServices.auth(),
  discovery: {
    getBaseUrl: async () => 'http://127.0.0.1:9/api/berth',
    getExternalBaseUrl: async () => 'http://127.0.0.1:9/api/berth',
  },
  links: new PortalLinks('http://localhost:3000'),
};
const ENV_ID = '0b6b8a52-3f4e-4d3a-9b9e-2f0b8c1d7e10';

describe('refusals of the Berth actions before they call Berth', () => {
  it('refuses a project that is not a System', async () => {
    const { ctx, outputs } = actionContext({
      input: {
        system: 'component:default/cart',
        name: 'qa',
        cluster: 'local-east',
      },
    });
    await expect(
      createBerthEnvironmentCreateAction(deps).handler(ctx as any),
    ).rejects.toThrow(
      "A Berth project is a System; 'component:default/cart' is a component",
    );
    expect(outputs).toEqual({});
  });

  it('refuses a copy source named twice, or not at all', async () => {
    const action = createBerthEnvironmentCopyAction(deps);
    const both = actionContext({
      input: {
        environmentId: ENV_ID,
        system: 'shop',
        environment: 'qa',
        name: 'b',
      },
    });
    await expect(action.handler(both.ctx as any)).rejects.toMatchObject({
      name: 'InputError',
      message:
        'Name the source environment by its id or by system and name, not both',
    });
    const none = actionContext({ input: { system: 'shop', name: 'b' } });
    await expect(action.handler(none.ctx as any)).rejects.toMatchObject({
      name: 'InputError',
      message:
        "Name the source environment: give its id, or the system and the environment's name",
    });
  });

  it('refuses a revision without a service', async () => {
    const { ctx, checkpointCalls } = actionContext({
      input: { environmentId: ENV_ID, revision: 3 },
    });
    await expect(
      createBerthEnvironmentDeployAction(deps).handler(ctx as any),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: 'revision and images need a service',
    });
    expect(checkpointCalls).toEqual([]);
  });

  it('refuses a workflow named by neither id nor name', async () => {
    const { ctx } = actionContext({ input: { system: 'shop' } });
    await expect(
      createBerthWorkflowRunAction(deps).handler(ctx as any),
    ).rejects.toMatchObject({ name: 'InputError' });
  });
});
