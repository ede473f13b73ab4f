import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    margin: 0,
    padding: theme.spacing(1),
    overflowX: 'auto',
    maxHeight: 480,
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
  },
  added: { background: 'rgba(46, 160, 67, 0.18)', display: 'block' },
  removed: { background: 'rgba(248, 81, 73, 0.18)', display: 'block' },
  hunk: { color: theme.palette.text.secondary, display: 'block' },
  line: { display: 'block' },
}));

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

/**
 * A unified diff as the backend computes it (values, settings, one object's
 * YAML), with added and removed lines marked; "No changes." when empty.
 */
export const UnifiedDiff = (props: {
  diff: string;
  /** Names the diff for screen readers, e.g. `Deployment cart`. */
  label: string;
}) => {
  const classes = useStyles();
  const lines = diffBodyLines(props.diff);
  if (lines.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No changes.
      </Typography>
    );
  }
  return (
    <pre className={classes.diff} aria-label={`Diff of ${props.label}`}>
      {lines.map((line, i) => {
        let className = classes.line;
        if (line.startsWith('+')) className = classes.added;
        else if (line.startsWith('-')) className = classes.removed;
        else if (line.startsWith('@@')) className = classes.hunk;
        return (
          <span key={i} className={className}>
            {line}
          </span>
        );
      })}
    </pre>
  );
};
