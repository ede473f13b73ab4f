import { InputError } from '@backstage/errors';
import {
  checkServiceSettingsKeys,
  checkServicesKeys,
} from './serviceSettingsKeys';

describe('the keys of service settings (limits OpenAPI 3.0 cannot state)', () => {
  it('accepts keys within the limits', () => {
    expect(() =>
      checkServicesKeys(
        {
          web: {
            images: { ['i'.repeat(63)]: 'nginx' },
            set: { ['s'.repeat(512)]: 'x' },
            variables: { replicas: 2 },
          },
        },
        'services',
      ),
    ).not.toThrow();
    expect(() => checkServiceSettingsKeys(undefined, 'settings')).not.toThrow();
  });

  it.each([
    [
      'images',
      { images: { ['i'.repeat(64)]: 'nginx' } },
      /settings\.images: key 'i{64}' must be 0–63/,
    ],
    ['set', { set: { '': 'x' } }, /settings\.set: key '' must be 1–512/],
    [
      'set',
      { set: { ['s'.repeat(513)]: 'x' } },
      /settings\.set: key 's{64}' must be 1–512/,
    ],
    [
      'variables',
      { variables: { ['v'.repeat(64)]: 1 } },
      /settings\.variables: key 'v{64}' must be 0–63/,
    ],
  ])(
    'refuses a %s key out of its limits, naming it',
    (_field, settings, message) => {
      expect(() => checkServiceSettingsKeys(settings, 'settings')).toThrow(
        InputError,
      );
      expect(() => checkServiceSettingsKeys(settings, 'settings')).toThrow(
        message,
      );
    },
  );

  it('names the service in a services map', () => {
    expect(() =>
      checkServicesKeys(
        { web: { images: { ['i'.repeat(64)]: 'x' } } },
        'environments.0.services',
      ),
    ).toThrow(
      /^Invalid request body: environments\.0\.services\.web\.images: key/,
    );
  });
});
