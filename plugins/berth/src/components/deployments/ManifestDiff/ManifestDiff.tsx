import { structuredPatch } from 'diff';
import { DiffView, DiffViewLine } from '../../common/DiffView';

/** One line of a unified diff: ` ` context, `+` added, `-` removed, `@` hunk header. */
export type DiffLine = DiffViewLine;

/** The unified diff of two texts with three lines of context, line by line. */
export function diffLines(before: string, after: string): DiffLine[] {
  const patch = structuredPatch('live', 'rendered', before, after, '', '', {
    context: 3,
  });
  const lines: DiffLine[] = [];
  for (const hunk of patch.hunks) {
    lines.push({
      kind: '@',
      text: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
    });
    for (const line of hunk.lines) {
      if (line.startsWith('\\')) continue; // "\ No newline at end of file"
      const kind = line[0] as DiffLine['kind'];
      lines.push({ kind, text: line.slice(1) });
    }
  }
  return lines;
}

/** A unified diff text (as the backend sends it) line by line, without its file headers. */
export function patchLines(patch: string): DiffLine[] {
  return patch
    .split('\n')
    .filter(
      line =>
        line !== '' &&
        !line.startsWith('--- ') &&
        !line.startsWith('+++ ') &&
        !line.startsWith('\\') &&
        !line.startsWith('Index: ') &&
        !line.startsWith('====='),
    )
    .map(line =>
      line.startsWith('@@')
        ? { kind: '@' as const, text: line }
        : {
            kind: (['+', '-'].includes(line[0])
              ? line[0]
              : ' ') as DiffLine['kind'],
            text: line.slice(1),
          },
    );
}

/**
 * The difference between two YAML texts (what is live and what would be
 * applied), or a unified diff computed elsewhere, with added and removed
 * lines marked.
 */
export const ManifestDiff = (
  props: (
    | { before: string; after: string }
    | { /** A unified diff, as the backend computed it. */ patch: string }
  ) & {
    /** Names the diff for screen readers, e.g. `Deployment web`. */
    label: string;
  },
) => {
  const lines =
    'patch' in props
      ? patchLines(props.patch)
      : diffLines(props.before, props.after);
  return (
    <DiffView
      lines={lines.map(line => ({
        kind: line.kind,
        text: line.kind === '@' ? line.text : `${line.kind} ${line.text}`,
      }))}
      label={props.label}
    />
  );
};
