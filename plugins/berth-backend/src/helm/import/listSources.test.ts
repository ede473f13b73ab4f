import { ConfigReader } from '@backstage/config';
import { readHelmImportConfig } from '../helmConfig';
import { listRegistries, listRepositories } from './listSources';

describe('listRepositories and listRegistries', () => {
  const config = readHelmImportConfig(
    new ConfigReader({
      berth: {
        helm: {
          repositories: [
            { name: 'open', url: 'https://charts.example.com/' },
            {
              name: 'private',
              url: 'https://private.example.com/',
              username: 'u',
              password: 'secret-password',
            },
          ],
          registries: [
            { name: 'loop', host: '127.0.0.1:5000' },
            {
              name: 'ghcr',
              host: 'ghcr.io',
              credentialsSecret: {
                cluster: 'local',
                namespace: 'berth',
                name: 'ghcr-credentials',
              },
            },
          ],
        },
      },
    }),
  );

  it('lists each configured repository with whether it has credentials, never the credentials', () => {
    const listed = listRepositories({ config });
    expect(listed).toEqual([
      { name: 'open', url: 'https://charts.example.com', authenticated: false },
      {
        name: 'private',
        url: 'https://private.example.com',
        authenticated: true,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain('secret-password');
  });

  it('lists each configured registry by host, a credentials Secret counting as credentials', () => {
    const listed = listRegistries({ config });
    expect(listed).toEqual([
      { name: 'loop', host: '127.0.0.1:5000', authenticated: false },
      { name: 'ghcr', host: 'ghcr.io', authenticated: true },
    ]);
    expect(JSON.stringify(listed)).not.toContain('ghcr-credentials');
  });
});
