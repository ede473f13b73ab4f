import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';

/**
 * A line of secondary text: what an empty list says, or a note beside the
 * content (who asked to cancel, when an approval expires).
 */
export const HintText = (props: { children: ReactNode }) => (
  <Typography variant="body2" color="textSecondary">
    {props.children}
  </Typography>
);
