import Grid from '@material-ui/core/Grid';
import { Children, ReactNode } from 'react';

/**
 * Cards one under another, each as wide as the page: every child (but for
 * `false`, `null` and `undefined`) in a full-width item of a Grid container.
 */
export const CardColumn = (props: { children: ReactNode }) => (
  <Grid container spacing={3}>
    {Children.toArray(props.children).map((child, i) => (
      <Grid item xs={12} key={i}>
        {child}
      </Grid>
    ))}
  </Grid>
);
