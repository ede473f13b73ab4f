import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { makeStyles } from '@material-ui/core/styles';
import { berthTranslationRef } from '../../../translation';
import { Note } from '../Note';

const useStyles = makeStyles(theme => ({
  diff: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    margin: 0,
    padding: theme.spacing(1),
    overflowX: 'auto',
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
  },
  added: { background: 'rgba(46, 160, 67, 0.18)', display: 'block' },
  removed: { background: 'rgba(248, 81, 73, 0.18)', display: 'block' },
  hunk: { color: theme.palette.text.secondary, display: 'block' },
  line: { display: 'block' },
}));

/** One shown line of a diff: ` ` context, `+` added, `-` removed, `@` hunk header. */
export interface DiffViewLine {
  kind: ' ' | '+' | '-' | '@';
  text: string;
}

const classOf = {
  '+': 'added',
  '-': 'removed',
  '@': 'hunk',
  ' ': 'line',
} as const;

/**
 * Lines of a diff in a monospaced block, added and removed lines marked;
 * "No changes." when there are none.
 */
export const DiffView = (props: {
  lines: DiffViewLine[];
  /** Names the diff for screen readers, e.g. `Deployment web`. */
  label: string;
  maxHeight?: number;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const classes = useStyles();
  if (props.lines.length === 0) {
    return <Note>{t('diff.noChanges')}</Note>;
  }
  return (
    <pre
      className={classes.diff}
      style={props.maxHeight ? { maxHeight: props.maxHeight } : undefined}
      aria-label={t('diff.label', { label: props.label })}
    >
      {props.lines.map((line, i) => (
        <span key={i} className={classes[classOf[line.kind]]}>
          {line.text}
        </span>
      ))}
    </pre>
  );
};
