export { YamlField } from './YamlField';
export type { YamlTextProps } from './YamlField';
