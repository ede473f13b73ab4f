import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/** A short note in secondary text, e.g. why a list is empty. */
export const Note = (props: { children: ReactNode }) => (
  <Typography variant="body2" color="textSecondary">
    {props.children}
  </Typography>
);
