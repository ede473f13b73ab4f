import { makeStyles } from '@material-ui/core';
import DirectionsBoatIcon from '@material-ui/icons/DirectionsBoat';

const useStyles = makeStyles({
  logo: {
    display: 'flex',
    alignItems: 'center',
    gap: 8,
    color: '#7df3e1',
    fontSize: 26,
    fontWeight: 700,
    letterSpacing: 1,
  },
});

export const LogoFull = () => {
  const classes = useStyles();
  return (
    <span className={classes.logo}>
      <DirectionsBoatIcon fontSize="inherit" />
      Berth
    </span>
  );
};
