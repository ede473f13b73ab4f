import { parse } from 'yaml';
import { BerthTranslate, englishBerthT } from '../translation';

/**
 * Why a text is not usable as Helm values (a YAML mapping), or undefined.
 * An empty text is fine: it means "no values".
 */
export function valuesYamlProblem(
  text: string,
  t: BerthTranslate = englishBerthT,
): string | undefined {
  if (!text.trim()) return undefined;
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    return t('configEditor.notYaml', { error: message });
  }
  if (parsed === null || parsed === undefined) return undefined;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return t('names.notMapping');
  }
  return undefined;
}
