import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen } from '@testing-library/react';
import { component, wikiSystem } from '../../../testUtils/fixtures';
import { renderWithBerth } from '../../../testUtils/renderWithBerth';
import {
  failedRun,
  fakeWorkflowsApi,
  releaseWorkflow,
  waitingRun,
} from '../../../testUtils/workflows/workflowFixtures';
import { EntityWorkflowRunsContent } from './EntityWorkflowRunsContent';
import { runsTouching } from './runsTouching';

describe('EntityWorkflowRunsContent', () => {
  jest.setTimeout(60_000);

  it('lists the runs of the project that deploy the component', async () => {
    await renderWithBerth(
      <EntityProvider entity={component('cart', 'team-shop')}>
        <EntityWorkflowRunsContent />
      </EntityProvider>,
      { api: fakeWorkflowsApi() },
    );
    // Run 7 deploys ${params.service} = cart; run 6 deployed payments.
    expect(
      await screen.findByRole('link', { name: 'release #7' }),
    ).toHaveAttribute('href', '/berth/workflow-runs/run-7');
    expect(
      screen.queryByRole('link', { name: 'release #6' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText('Runs of the workflows of Online Shop that deploy cart'),
    ).toBeInTheDocument();
  });

  it('says when no run deploys the component', async () => {
    await renderWithBerth(
      <EntityProvider entity={component('payments', 'team-payments')}>
        <EntityWorkflowRunsContent />
      </EntityProvider>,
      { api: fakeWorkflowsApi({ workflows: { runs: [waitingRun] } }) },
    );
    expect(
      await screen.findByText('No workflow run deploys this component yet.'),
    ).toBeInTheDocument();
  });

  it('says when the component is not part of a System', async () => {
    await renderWithBerth(
      <EntityProvider
        entity={{ ...wikiSystem, kind: 'Component', relations: [] }}
      >
        <EntityWorkflowRunsContent />
      </EntityProvider>,
      { api: fakeWorkflowsApi() },
    );
    expect(
      await screen.findByText(
        'This component is not a service of a Berth project.',
      ),
    ).toBeInTheDocument();
  });

  it('shows why the runs cannot be read', async () => {
    await renderWithBerth(
      <EntityProvider entity={component('cart', 'team-shop')}>
        <EntityWorkflowRunsContent />
      </EntityProvider>,
      { api: fakeWorkflowsApi({ error: new Error('backend down') }) },
    );
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
  });
});

describe('runsTouching', () => {
  it('keeps the runs whose deploy jobs name the service, literally or through a param', () => {
    expect(
      runsTouching([waitingRun, failedRun], [releaseWorkflow], 'cart'),
    ).toEqual([waitingRun]);
    expect(
      runsTouching([waitingRun, failedRun], [releaseWorkflow], 'payments'),
    ).toEqual([failedRun]);
    const literal = {
      ...releaseWorkflow,
      definition: {
        stages: [
          {
            name: 'd',
            jobs: [
              {
                name: 'd',
                type: 'deploy',
                spec: { environment: 'dev', services: ['web'] },
              },
            ],
          },
        ],
      },
    };
    expect(runsTouching([waitingRun], [literal], 'web')).toEqual([waitingRun]);
    expect(runsTouching([waitingRun], [literal], 'cart')).toEqual([]);
  });

  it('counts a deploy of every service, and ignores runs of unknown workflows', () => {
    const all = {
      ...releaseWorkflow,
      definition: {
        stages: [
          {
            name: 'd',
            jobs: [{ name: 'd', type: 'deploy', spec: { environment: 'dev' } }],
          },
        ],
      },
    };
    expect(runsTouching([waitingRun], [all], 'anything')).toEqual([waitingRun]);
    expect(runsTouching([waitingRun], [], 'cart')).toEqual([]);
  });
});
