import { ConfigReader } from '@backstage/config';
import { readTriggersConfig } from './readTriggersConfig';

describe('readTriggersConfig', () => {
  it('has defaults', () => {
    expect(readTriggersConfig(new ConfigReader({}))).toEqual({
      deliveryRetentionDays: 30,
      cronCatchUpMinutes: 15,
    });
  });

  it('reads berth.workflows.triggers', () => {
    expect(
      readTriggersConfig(
        new ConfigReader({
          berth: {
            workflows: {
              triggers: { deliveryRetentionDays: 7, cronCatchUpMinutes: 60 },
            },
          },
        }),
      ),
    ).toEqual({ deliveryRetentionDays: 7, cronCatchUpMinutes: 60 });
  });

  it('refuses values out of range, naming the key', () => {
    expect(() =>
      readTriggersConfig(
        new ConfigReader({
          berth: { workflows: { triggers: { cronCatchUpMinutes: 0 } } },
        }),
      ),
    ).toThrow(
      'berth.workflows.triggers.cronCatchUpMinutes must be a number from 1 to 1440, got 0',
    );
  });
});
