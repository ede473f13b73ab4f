import { InputError } from '@backstage/errors';

/**
 * A chart repository is named either by a configured repository or by its
 * url, never both and never neither: a rule across two fields, which the
 * spec states in its description but cannot check.
 */
export function checkRepositoryOrUrl(
  given: { repository?: string; url?: string },
  at: string,
): void {
  if (Boolean(given.repository) === Boolean(given.url)) {
    throw new InputError(
      `Invalid ${at}: give either repository (a configured name) or url`,
    );
  }
}
