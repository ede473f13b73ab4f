export { YamlField } from './YamlField';
