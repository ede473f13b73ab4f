import TextField from '@material-ui/core/TextField';
import { ReactNode } from 'react';

/** An option of a `SelectInput`: its value and what the user reads. */
export interface SelectOption {
  value: string;
  label: ReactNode;
}

/** A native select of a form: its problem, when it has one, in place of its hint. */
export const SelectInput = (props: {
  id: string;
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  options: SelectOption[];
  /** An empty first option, e.g. "Choose a cluster". */
  placeholder?: string;
  disabled?: boolean;
  required?: boolean;
  problem?: string;
  hint?: ReactNode;
  /** Inline, at least this wide, instead of the form's full width. */
  minWidth?: number;
}) => (
  <TextField
    id={props.id}
    select
    label={props.label}
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    SelectProps={{ native: true }}
    required={props.required}
    fullWidth={props.minWidth === undefined}
    style={props.minWidth ? { minWidth: props.minWidth } : undefined}
    margin="dense"
    disabled={props.disabled}
    error={Boolean(props.problem)}
    helperText={props.problem ?? props.hint}
  >
    {props.placeholder !== undefined && (
      <option value="">{props.placeholder}</option>
    )}
    {props.options.map(o => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ))}
  </TextField>
);
