import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ChartArchiveStore } from './ChartArchiveStore';
import { readHelmImportConfig } from './helmConfig';
import { HelmImportService } from './HelmImportService';

describe('Helm import config', () => {
  it('reads repositories and registries with defaults, loopback registries over plain HTTP', () => {
    const config = readHelmImportConfig(
      new ConfigReader({
        berth: {
          helm: {
            repositories: [{ name: 'r', url: 'https://charts.example.com/' }],
            registries: [
              { name: 'ghcr', host: 'ghcr.io', username: 'u', password: 'p' },
              { name: 'loop', host: '127.0.0.1:5000' },
            ],
            import: { timeoutSeconds: 3 },
          },
        },
      }),
    );
    expect(config.repositories).toEqual([
      {
        name: 'r',
        url: 'https://charts.example.com',
        username: undefined,
        password: undefined,
      },
    ]);
    expect(config.registries.map(r => [r.name, r.plainHttp])).toEqual([
      ['ghcr', false],
      ['loop', true],
    ]);
    expect(config.timeoutMs).toBe(3000);
    expect(config.limits.maxArchiveBytes).toBe(10 * 1024 * 1024);
    // Safe by default: only the configured sources, no forbidden address.
    expect(config.allowedHosts).toEqual([]);
    expect(config.guard.hosts.allows('charts.example.com')).toBe(true);
    expect(config.guard.hosts.allows('ghcr.io')).toBe(true);
    expect(config.guard.hosts.allows('127.0.0.1:5000')).toBe(true);
    expect(config.guard.hosts.allows('elsewhere.example.com')).toBe(false);
    expect(config.gitHosts).toEqual(
      expect.arrayContaining(['github.com', 'gitlab.com']),
    );
  });

  it('reads integration hosts for Git, and refuses malformed allowAddresses', () => {
    const config = readHelmImportConfig(
      new ConfigReader({
        integrations: { gitlab: [{ host: 'gitlab.corp.example' }] },
        berth: { outbound: { allowAddresses: ['10.1.0.0/16'] } },
      }),
    );
    expect(config.gitHosts).toContain('gitlab.corp.example');
    expect(() =>
      readHelmImportConfig(
        new ConfigReader({
          berth: { outbound: { allowAddresses: ['10.1.0.0/40'] } },
        }),
      ),
    ).toThrow(/'10.1.0.0\/40' is not an IP address or CIDR range/);
  });

  it('refuses duplicate names and repositories that are not http(s)', () => {
    expect(() =>
      readHelmImportConfig(
        new ConfigReader({
          berth: { helm: { repositories: [{ name: 'a', url: 'ftp://x' }] } },
        }),
      ),
    ).toThrow(/needs an http\(s\) URL/);
    expect(() =>
      readHelmImportConfig(
        new ConfigReader({
          berth: {
            helm: {
              registries: [
                { name: 'a', host: 'x.io' },
                { name: 'a', host: 'y.io' },
              ],
            },
          },
        }),
      ),
    ).toThrow(/'a' is configured twice/);
  });

  it('refuses ad-hoc repositories and registries outside allowedHosts before any request', async () => {
    const service = new HelmImportService({
      config: readHelmImportConfig(
        new ConfigReader({
          berth: { helm: { import: { allowedHosts: ['charts.example.com'] } } },
        }),
      ),
      helm: 'helm',
      archives: {} as ChartArchiveStore,
      projects: {} as any,
      services: {} as any,
      logger: mockServices.logger.mock(),
    });
    await expect(
      service.listCharts({ url: 'http://169.254.169.254/latest' }),
    ).rejects.toThrow(
      'Chart repository host 169.254.169.254 is not allowed (berth.helm.import.allowedHosts); use a configured one',
    );
    await expect(
      service.inspect({
        type: 'oci',
        ref: 'oci://internal:5000/x/y',
        version: '1.0.0',
      }),
    ).rejects.toThrow(/OCI registry host internal:5000 is not allowed/);
  });

  it('allows no ad-hoc host by default', async () => {
    const service = new HelmImportService({
      config: readHelmImportConfig(new ConfigReader({})),
      helm: 'helm',
      archives: {} as ChartArchiveStore,
      projects: {} as any,
      services: {} as any,
      logger: mockServices.logger.mock(),
    });
    await expect(
      service.listCharts({ url: 'https://charts.example.com' }),
    ).rejects.toThrow(
      'Chart repository host charts.example.com is not allowed (berth.helm.import.allowedHosts); use a configured one',
    );
  });
});
