import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import TextField from '@material-ui/core/TextField';
import { useId } from 'react';
import { valuesYamlProblem } from '../../../lib/yaml';
import { berthTranslationRef } from '../../../translation';

/** What a field that edits YAML text takes: its label, the text, its problem. */
export interface YamlTextProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** A problem with the text, e.g. one the server reported. */
  error?: string;
  disabled?: boolean;
}

/**
 * A YAML text area for Helm values; shows why the YAML is not usable right
 * away, or the given error.
 */
export const YamlField = (
  props: YamlTextProps & { helperText?: string; rows?: number },
) => {
  const id = useId();
  const { t } = useTranslationRef(berthTranslationRef);
  const problem = props.error ?? valuesYamlProblem(props.value, t);
  return (
    <TextField
      id={id}
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value)}
      multiline
      minRows={props.rows ?? 3}
      maxRows={16}
      fullWidth
      variant="outlined"
      margin="dense"
      disabled={props.disabled}
      error={Boolean(problem)}
      helperText={problem ?? props.helperText}
      placeholder="key: value"
      inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
    />
  );
};
