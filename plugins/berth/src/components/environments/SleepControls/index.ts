export { SleepBanner, SleepButton } from './SleepControls';
