import Button from '@material-ui/core/Button';
import { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';

/**
 * A small outlined button that links to a page of the app, its icon before
 * its label (e.g. "New workflow", "Edit").
 */
export const LinkButton = (props: {
  to: string;
  icon: ReactNode;
  children: ReactNode;
  color?: 'primary' | 'default';
}) => (
  <Button
    size="small"
    variant="outlined"
    color={props.color ?? 'default'}
    startIcon={props.icon}
    component={RouterLink}
    to={props.to}
  >
    {props.children}
  </Button>
);
