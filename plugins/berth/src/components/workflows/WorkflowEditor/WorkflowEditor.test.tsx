import { fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  callsOf,
  renderBerthAt,
} from '../../../testUtils/workflows/renderWorkflows';
import { splitServerProblem, textToSpec } from './definitionYaml';

/** Typing braces through user-event needs escaping: set the text at once. */
function setText(element: HTMLElement, value: string) {
  fireEvent.change(element, { target: { value } });
}

describe('workflow editor', () => {
  jest.setTimeout(90_000);
  let user: ReturnType<typeof userEvent.setup>;
  beforeEach(() => {
    user = userEvent.setup({ delay: null });
  });

  it('creates a workflow from the form', async () => {
    const { api } = await renderBerthAt(
      '/berth/projects/default/shop/workflows/new',
    );
    await user.type(
      await screen.findByRole('textbox', { name: /^Name/ }),
      'ship',
    );
    await user.type(screen.getByRole('textbox', { name: 'Title' }), 'Ship it');
    await user.click(screen.getByRole('button', { name: 'Add param' }));
    await user.type(screen.getByRole('textbox', { name: /Param name/ }), 'env');
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Param type' }),
      'environment',
    );
    await user.click(screen.getByRole('checkbox', { name: 'Required' }));
    await user.click(
      screen.getByRole('checkbox', { name: 'Manual (waits for Continue)' }),
    );
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'On error' }),
      'ignore',
    );
    await user.type(
      screen.getByRole('spinbutton', { name: 'Timeout (minutes)' }),
      '15',
    );
    const spec = screen.getByRole('textbox', { name: 'Spec (YAML or JSON)' });
    setText(spec, '{"image": "alpine:3", "commands": ["make"]}');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByRole('heading', { name: 'Ship it' }),
    ).toBeInTheDocument();
    expect(callsOf(api, 'createWorkflow')).toEqual([
      [
        { namespace: 'default', name: 'shop' },
        {
          name: 'ship',
          enabled: true,
          definition: {
            title: 'Ship it',
            params: [{ name: 'env', type: 'environment', required: true }],
            stages: [
              {
                name: 'build',
                manual: true,
                jobs: [
                  {
                    name: 'hello',
                    type: 'script',
                    onError: 'ignore',
                    timeoutMinutes: 15,
                    spec: { image: 'alpine:3', commands: ['make'] },
                  },
                ],
              },
            ],
          },
        },
      ],
    ]);
  });

  it("shows the server's validation error with its path", async () => {
    const { api } = await renderBerthAt(
      '/berth/projects/default/shop/workflows/new',
    );
    await user.type(
      await screen.findByRole('textbox', { name: /^Name/ }),
      'ship',
    );
    await user.click(screen.getByRole('button', { name: 'Add job to build' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(
      await screen.findByText(
        'Could not save: is required (at stages[0].jobs[1].name)',
      ),
    ).toBeInTheDocument();
    expect(api.workflows.data.workflows.map(w => w.name)).toEqual([
      'release',
      'nightly',
    ]);
  });

  it('does not save a spec that is not an object', async () => {
    await renderBerthAt('/berth/projects/default/shop/workflows/new');
    const spec = await screen.findByRole('textbox', {
      name: 'Spec (YAML or JSON)',
    });
    setText(spec, '- a list');
    expect(
      await screen.findByText('The spec must be a YAML or JSON object'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });

  it('edits the same definition as YAML and saves a new revision', async () => {
    const { api } = await renderBerthAt('/berth/workflows/wf-nightly/edit');
    expect(
      await screen.findByRole('heading', { name: 'Edit nightly' }),
    ).toBeInTheDocument();
    const title = screen.getByRole('textbox', { name: 'Title' });
    await user.clear(title);
    await user.type(title, 'Nightly e2e');
    await user.click(screen.getByRole('tab', { name: 'YAML' }));
    const yaml = screen.getByRole('textbox', { name: 'YAML' });
    expect((yaml as HTMLTextAreaElement).value).toContain('title: Nightly e2e');
    expect((yaml as HTMLTextAreaElement).value).toContain('name: e2e');

    // A broken YAML keeps the YAML tab and says why.
    setText(yaml, 'stages: [');
    await user.click(screen.getByRole('tab', { name: 'Form' }));
    expect(
      await screen.findByText(/The YAML cannot be read/),
    ).toBeInTheDocument();

    setText(
      yaml,
      'title: Nightly e2e\nstages:\n  - name: test\n    jobs:\n      - name: e2e\n        type: test\n        spec: {}\n      - name: lint\n        type: script\n        spec: {}\n',
    );
    await user.click(screen.getByRole('tab', { name: 'Form' }));
    expect(
      await screen.findAllByRole('textbox', { name: /Job name/ }),
    ).toHaveLength(2);
    await user.click(screen.getByRole('tab', { name: 'YAML' }));
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(
      await screen.findByRole('heading', { name: 'Nightly e2e' }),
    ).toBeInTheDocument();
    const [[id, request]] = callsOf(api, 'updateWorkflow') as [
      [string, { yaml: string; baseRevision: number }],
    ];
    expect(id).toBe('wf-nightly');
    expect(request.baseRevision).toBe(1);
    expect(request.yaml).toContain('name: lint');
    expect(
      api.workflows.data.workflows.find(w => w.id === 'wf-nightly')!.revision,
    ).toBe(2);
  });

  it('shows a conflict when the workflow changed meanwhile', async () => {
    const { api } = await renderBerthAt('/berth/workflows/wf-nightly/edit');
    await screen.findByRole('heading', { name: 'Edit nightly' });
    api.workflows.data.workflows.find(w => w.id === 'wf-nightly')!.revision = 5;
    await user.click(screen.getByRole('button', { name: 'Save' }));
    const alert = await screen.findByRole('alert');
    expect(
      within(alert).getByText(/is at revision 5, not 1/),
    ).toBeInTheDocument();
  });
});

describe('definitionYaml', () => {
  it('reads the path of a server problem', () => {
    expect(
      splitServerProblem('stages[1].jobs[0].spec.image: is required'),
    ).toEqual({
      path: 'stages[1].jobs[0].spec.image',
      problem: 'is required',
    });
    expect(splitServerProblem('Workflow x already exists')).toEqual({
      problem: 'Workflow x already exists',
    });
  });

  it('reads specs as YAML or JSON objects only', () => {
    expect(textToSpec('{"a": 1}')).toEqual({ a: 1 });
    expect(textToSpec('a: 1\n')).toEqual({ a: 1 });
    expect(textToSpec('')).toEqual({});
    expect(textToSpec('- 1')).toBeUndefined();
    expect(textToSpec('a: [')).toBeUndefined();
  });
});
