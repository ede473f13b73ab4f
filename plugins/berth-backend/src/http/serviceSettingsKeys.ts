import { InputError } from '@backstage/errors';

/** Per-service settings as the spec types them (EnvironmentServiceSettings). */
type Settings = {
  images?: Record<string, unknown>;
  set?: Record<string, unknown>;
  variables?: Record<string, unknown>;
};

/** Key length limits per settings map: [min, max]. */
const KEY_LIMITS = {
  images: [0, 63],
  set: [1, 512],
  variables: [0, 63],
} as const;

/**
 * The limits on the keys of a service's settings (image names, `--set`
 * paths, variable names), which OpenAPI 3.0 cannot express (no
 * `propertyNames`); the spec checks their values. `at` names the settings in
 * the message, e.g. `services.web`.
 */
export function checkServiceSettingsKeys(
  settings: Settings | undefined,
  at: string,
): void {
  if (!settings) return;
  for (const [field, [min, max]] of Object.entries(KEY_LIMITS)) {
    for (const key of Object.keys(settings[field as keyof Settings] ?? {})) {
      if (key.length < min || key.length > max) {
        throw new InputError(
          `Invalid request body: ${at}.${field}: key '${key.slice(
            0,
            64,
          )}' must be ${min}–${max} characters`,
        );
      }
    }
  }
}

/** The same for every service of a `services` map. */
export function checkServicesKeys(
  services: Record<string, Settings> | undefined,
  at: string,
): void {
  for (const [name, settings] of Object.entries(services ?? {})) {
    checkServiceSettingsKeys(settings, `${at}.${name}`);
  }
}
