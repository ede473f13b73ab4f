import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ChartArchiveStore } from './ChartArchiveStore';
import { isAllowedHost, readHelmImportConfig } from './helmConfig';
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
    expect(config.allowedHosts).toBeUndefined();
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

  it('matches allowed hosts exactly, by name, or by domain wildcard', () => {
    expect(isAllowedHost('anything:1', undefined)).toBe(true);
    const allowed = ['charts.example.com', '*.corp.example', 'reg:5000'];
    expect(isAllowedHost('charts.example.com:443', allowed)).toBe(true);
    expect(isAllowedHost('a.corp.example', allowed)).toBe(true);
    expect(isAllowedHost('reg:5000', allowed)).toBe(true);
    expect(isAllowedHost('reg:5001', allowed)).toBe(false);
    expect(isAllowedHost('169.254.169.254', allowed)).toBe(false);
    expect(isAllowedHost('corp.example.evil.com', allowed)).toBe(false);
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
});
