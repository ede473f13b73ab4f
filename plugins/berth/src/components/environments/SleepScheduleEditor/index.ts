export { SleepScheduleEditor, cronShapeProblem } from './SleepScheduleEditor';
