import { wrapInTestApp } from '@backstage/test-utils';
import { render as renderBare, screen } from '@testing-library/react';
import { ReactElement } from 'react';
import { diffBodyLines, UnifiedDiff } from './UnifiedDiff';

/** The component reads its texts through the app's translation API. */
const render = (ui: ReactElement) => renderBare(wrapInTestApp(ui));

describe('UnifiedDiff', () => {
  const patch = [
    'Index: values',
    '===================================================================',
    '--- values',
    '+++ values',
    '@@ -1,2 +1,2 @@',
    ' a: 1',
    '-b: 2',
    '+b: 3',
    '\\ No newline at end of file',
  ].join('\n');

  it('drops the file headers of a unified diff', () => {
    expect(diffBodyLines(patch)).toEqual([
      '@@ -1,2 +1,2 @@',
      ' a: 1',
      '-b: 2',
      '+b: 3',
    ]);
  });

  it('marks added and removed lines', () => {
    render(<UnifiedDiff diff={patch} label="values" />);
    const diff = screen.getByLabelText('Diff of values');
    const lines = Array.from(diff.children).map(e => e.textContent);
    expect(lines).toEqual(['@@ -1,2 +1,2 @@', ' a: 1', '-b: 2', '+b: 3']);
    const added = diff.children[3].className;
    const removed = diff.children[2].className;
    expect(added).toMatch(/added/);
    expect(removed).toMatch(/removed/);
  });

  it('says when nothing changed', () => {
    render(<UnifiedDiff diff="" label="values" />);
    expect(screen.getByText('No changes.')).toBeInTheDocument();
  });
});
