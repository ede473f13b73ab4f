import TextField from '@material-ui/core/TextField';
import { ReactNode } from 'react';

/**
 * A one-line text field of a form (no spell check: names, crons, images):
 * its problem, when it has one, in place of its hint.
 */
export const TextInput = (props: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  disabled?: boolean;
  required?: boolean;
  /** What is wrong with the value; shown in red instead of the hint. */
  problem?: string;
  hint?: ReactNode;
  placeholder?: string;
  /** `dense` in dialogs, `none` (the default) in cards. */
  margin?: 'dense' | 'none';
  type?: 'text' | 'number';
  fullWidth?: boolean;
}) => (
  <TextField
    id={props.id}
    label={props.label}
    value={props.value}
    placeholder={props.placeholder}
    onChange={e => props.onChange(e.target.value)}
    required={props.required}
    fullWidth={props.fullWidth ?? true}
    margin={props.margin}
    type={props.type}
    disabled={props.disabled}
    error={Boolean(props.problem)}
    helperText={props.problem ?? props.hint}
    inputProps={props.type === 'number' ? { min: 0 } : { spellCheck: false }}
  />
);
