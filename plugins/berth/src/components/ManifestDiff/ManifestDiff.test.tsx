import { render, screen } from '@testing-library/react';
import { diffLines, ManifestDiff } from './ManifestDiff';

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
      <ManifestDiff before={live} after={live} label="Deployment web" />,
    );
    expect(screen.getByText('No changes.')).toBeInTheDocument();
  });
});
