import { makeStyles } from '@material-ui/core';
import DirectionsBoatIcon from '@material-ui/icons/DirectionsBoat';

const useStyles = makeStyles({
  icon: { color: '#7df3e1', fontSize: 28 },
});

export const LogoIcon = () => {
  const classes = useStyles();
  return <DirectionsBoatIcon className={classes.icon} />;
};
