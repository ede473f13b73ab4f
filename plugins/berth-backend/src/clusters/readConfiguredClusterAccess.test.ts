import { ConfigReader } from '@backstage/config';
import { readConfiguredClusterAccess } from './readConfiguredClusterAccess';

const clusters = [
  {
    name: 'east',
    url: 'https://127.0.0.1:6443',
    authProvider: 'serviceAccount',
    serviceAccountToken: 'east-token',
    caData: 'Y2E=',
  },
  {
    name: 'west',
    url: 'https://127.0.0.1:7443',
    authProvider: 'serviceAccount',
    skipTLSVerify: true,
  },
  {
    name: 'gke',
    url: 'https://gke.example.com',
    authProvider: 'google',
    caFile: '/etc/ca.pem',
  },
];

describe('readConfiguredClusterAccess', () => {
  it('reads URL, TLS settings and service account tokens of config clusters', () => {
    const access = readConfiguredClusterAccess(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'catalog' },
            { type: 'config', clusters },
          ],
        },
      }),
    );
    expect([...access.keys()]).toEqual(['east', 'west', 'gke']);
    expect(access.get('east')).toEqual({
      url: 'https://127.0.0.1:6443',
      caData: 'Y2E=',
      caFile: undefined,
      skipTLSVerify: false,
      credentials: { type: 'token', token: 'east-token' },
    });
    expect(access.get('west')).toMatchObject({
      skipTLSVerify: true,
      credentials: undefined,
    });
    expect(access.get('gke')).toMatchObject({
      caFile: '/etc/ca.pem',
      credentials: undefined,
    });
  });

  it("prefers Berth's own credentials", () => {
    const access = readConfiguredClusterAccess(
      new ConfigReader({
        kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters }] },
        berth: {
          clusters: {
            east: { clientCertificate: { certData: 'c', keyData: 'k' } },
            gke: { serviceAccountToken: 'berth-token' },
          },
        },
      }),
    );
    expect(access.get('east')?.credentials).toEqual({
      type: 'clientCertificate',
      certData: 'c',
      keyData: 'k',
    });
    expect(access.get('gke')?.credentials).toEqual({
      type: 'token',
      token: 'berth-token',
    });
  });
});
