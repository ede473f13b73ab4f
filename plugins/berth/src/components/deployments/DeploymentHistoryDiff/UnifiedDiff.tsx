import { DiffView, DiffViewLine } from '../../common/DiffView';

/** Lines of a unified diff without its file headers (`---`, `+++`, `Index:`, `===`). */
export function diffBodyLines(diff: string): string[] {
  return diff
    .split('\n')
    .filter(
      line =>
        !/^(--- |\+\+\+ |Index: |={5,}|\\ No newline)/.test(line) &&
        line !== '',
    );
}

function kindOf(line: string): DiffViewLine['kind'] {
  if (line.startsWith('+')) return '+';
  if (line.startsWith('-')) return '-';
  return line.startsWith('@@') ? '@' : ' ';
}

/**
 * A unified diff as the backend computes it (values, settings, one object's
 * YAML), with added and removed lines marked; "No changes." when empty.
 */
export const UnifiedDiff = (props: {
  diff: string;
  /** Names the diff for screen readers, e.g. `Deployment cart`. */
  label: string;
}) => (
  <DiffView
    lines={diffBodyLines(props.diff).map(line => ({
      kind: kindOf(line),
      text: line,
    }))}
    label={props.label}
    maxHeight={480}
  />
);
