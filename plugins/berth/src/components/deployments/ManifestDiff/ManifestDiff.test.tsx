import { wrapInTestApp } from '@backstage/test-utils';
import { render as renderBare, screen } from '@testing-library/react';
import { ReactElement } from 'react';
import { diffLines, ManifestDiff, patchLines } from './ManifestDiff';

/** The component reads its texts through the app's translation API. */
const render = (ui: ReactElement) => renderBare(wrapInTestApp(ui));

describe('ManifestDiff', () => {
  const live = 'kind: Deployment\nspec:\n  replicas: 1\n  image: web:1\n';
  const rendered = 'kind: Deployment\nspec:\n  replicas: 2\n  image: web:1\n';

  it('marks removed and added lines', () => {
    expect(diffLines(live, rendered).filter(l => l.kind !== ' ')).toEqual([
      { kind: '@', text: '@@ -1,4 +1,4 @@' },
      { kind: '-', text: '  replicas: 1' },
      { kind: '+', text: '  replicas: 2' },
    ]);
  });

  it('renders the diff, or says there is none', () => {
    const { rerender } = render(
      <ManifestDiff before={live} after={rendered} label="Deployment web" />,
    );
    const diff = screen.getByLabelText('Diff of Deployment web');
    expect(diff).toHaveTextContent('- replicas: 1');
    expect(diff).toHaveTextContent('+ replicas: 2');
    rerender(
      wrapInTestApp(
        <ManifestDiff before={live} after={live} label="Deployment web" />,
      ),
    );
    expect(screen.getByText('No changes.')).toBeInTheDocument();
  });
});

describe('patchLines', () => {
  it('reads a unified diff without its file headers', () => {
    const patch =
      '--- live\n+++ rendered\n@@ -1,2 +1,2 @@\n kind: Deployment\n-replicas: 1\n+replicas: 2\n\\ No newline at end of file\n';
    expect(patchLines(patch)).toEqual([
      { kind: '@', text: '@@ -1,2 +1,2 @@' },
      { kind: ' ', text: 'kind: Deployment' },
      { kind: '-', text: 'replicas: 1' },
      { kind: '+', text: 'replicas: 2' },
    ]);
    render(<ManifestDiff patch={patch} label="Deployment web" />);
    expect(screen.getByLabelText('Diff of Deployment web')).toHaveTextContent(
      '+ replicas: 2',
    );
  });
});
