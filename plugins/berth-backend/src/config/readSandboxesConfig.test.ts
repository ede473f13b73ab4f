import { ConfigReader } from '@backstage/config';
import { readSandboxesConfig } from './readSandboxesConfig';

describe('readSandboxesConfig', () => {
  it('has defaults, and gateway-api on clusters that name no driver', () => {
    const config = readSandboxesConfig(
      new ConfigReader({
        berth: { clusters: { 'local-east': { sandboxRouting: 'istio' } } },
      }),
    );
    expect(config).toMatchObject({
      defaultTtlHours: 8,
      maxTtlHours: 72,
      reconcileIntervalSeconds: 60,
      expiryIntervalSeconds: 60,
    });
    expect(config.routingDriverFor('local-east')).toBe('istio');
    expect(config.routingDriverFor('local-west')).toBe('gateway-api');
  });

  it('reads the configured values', () => {
    const config = readSandboxesConfig(
      new ConfigReader({
        berth: {
          sandboxes: {
            defaultTtlHours: 2,
            maxTtlHours: 4,
            reconcileIntervalSeconds: 15,
            expiryIntervalSeconds: 30,
          },
        },
      }),
    );
    expect(config).toMatchObject({
      defaultTtlHours: 2,
      maxTtlHours: 4,
      reconcileIntervalSeconds: 15,
      expiryIntervalSeconds: 30,
    });
  });

  it('refuses a default above the maximum and non-positive values', () => {
    expect(() =>
      readSandboxesConfig(
        new ConfigReader({
          berth: { sandboxes: { defaultTtlHours: 10, maxTtlHours: 4 } },
        }),
      ),
    ).toThrow('berth.sandboxes.defaultTtlHours (10) is above maxTtlHours (4)');
    expect(() =>
      readSandboxesConfig(
        new ConfigReader({ berth: { sandboxes: { maxTtlHours: 0 } } }),
      ),
    ).toThrow('berth.sandboxes.maxTtlHours must be a positive number, not 0');
  });

  it("reads each cluster's traffic source and its settings; none by default", () => {
    const config = readSandboxesConfig(
      new ConfigReader({
        berth: {
          clusters: {
            'local-east': {
              sandboxTraffic: {
                source: 'traefik-access-log',
                accessLogPath: '/var/log/traefik/access.json',
              },
            },
            'local-west': { sandboxRouting: 'istio' },
          },
        },
      }),
    );
    expect(config.trafficSourceFor('local-east')).toEqual({
      source: 'traefik-access-log',
      settings: { accessLogPath: '/var/log/traefik/access.json' },
    });
    expect(config.trafficSourceFor('local-west')).toBeUndefined();
    expect(config.trafficSourceFor('elsewhere')).toBeUndefined();
    expect(() =>
      readSandboxesConfig(
        new ConfigReader({
          berth: {
            clusters: { east: { sandboxTraffic: { accessLogPath: '/x' } } },
          },
        }),
      ).trafficSourceFor('east'),
    ).toThrow(
      "Missing required config value at 'berth.clusters.east.sandboxTraffic.source'",
    );
  });
});
