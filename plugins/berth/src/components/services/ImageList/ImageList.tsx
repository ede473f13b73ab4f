import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { shortImage } from '../../../lib/images';

/** Images, one a line, shortened to `name:tag` with the full reference as tooltip. */
export const ImageList = (props: { images: string[] }) => {
  if (props.images.length === 0) {
    return <Typography variant="body2">—</Typography>;
  }
  return (
    <>
      {props.images.map(image => (
        <Tooltip key={image} title={image}>
          <Typography variant="body2" component="div" noWrap>
            {shortImage(image)}
          </Typography>
        </Tooltip>
      ))}
    </>
  );
};
