import { screen, within } from '@testing-library/react';
import {
  callsOf,
  renderBerthAt,
} from '../../../testUtils/workflows/renderWorkflows';

describe('ProjectWorkflowsPage', () => {
  jest.setTimeout(60_000);

  it("lists the project's workflows and its latest runs", async () => {
    const { api } = await renderBerthAt(
      '/berth/projects/default/shop/workflows',
    );
    expect(
      await screen.findByRole('heading', { name: 'Workflows of shop' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'release' }),
    ).toBeInTheDocument();
    const latest = (await screen.findByText('Latest runs')).closest(
      'div[class*="MuiPaper"]',
    ) as HTMLElement;
    expect(
      within(latest).getByRole('link', { name: 'release #7' }),
    ).toBeInTheDocument();
    expect(
      within(latest).getByRole('link', { name: 'release #6' }),
    ).toBeInTheDocument();
    expect(callsOf(api, 'listRuns')).toEqual([
      [{ projectRef: 'system:default/shop', limit: 100 }],
    ]);
    expect(screen.getByRole('link', { name: 'Approvals' })).toHaveAttribute(
      'href',
      '/berth/workflow-approvals',
    );
  });
});
