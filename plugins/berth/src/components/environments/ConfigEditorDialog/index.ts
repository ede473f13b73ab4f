export {
  ConfigEditorDialog,
  CONFIG_TEMPLATES,
  parseConfigObject,
} from './ConfigEditorDialog';
