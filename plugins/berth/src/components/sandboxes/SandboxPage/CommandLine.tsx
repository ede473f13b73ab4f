import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** A line to copy (a header, a command): monospace, with a copy button. */
export const CommandLine = (props: { text: string }) => (
  <Box display="flex" alignItems="center" style={{ gap: 4 }}>
    <Typography
      component="code"
      variant="body2"
      style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}
    >
      {props.text}
    </Typography>
    <CopyTextButton text={props.text} />
  </Box>
);
