import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import { ReactNode } from 'react';

/** A labelled checkbox of a form. */
export const CheckboxField = (props: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) => (
  <FormControlLabel
    control={
      <Checkbox
        checked={props.checked}
        onChange={e => props.onChange(e.target.checked)}
        disabled={props.disabled}
      />
    }
    label={props.label}
  />
);
