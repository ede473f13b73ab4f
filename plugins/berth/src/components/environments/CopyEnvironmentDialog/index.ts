export {
  CopyEnvironmentDialog,
  serviceOverridesProblem,
} from './CopyEnvironmentDialog';
