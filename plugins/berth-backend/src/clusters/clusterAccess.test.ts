import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { makeKubeConfig, readBerthCredentials } from './clusterAccess';

describe('readBerthCredentials', () => {
  it('reads a service account token', () => {
    const config = new ConfigReader({
      berth: { clusters: { east: { serviceAccountToken: 'tok' } } },
    });
    expect(readBerthCredentials(config, 'east')).toEqual({
      type: 'token',
      token: 'tok',
    });
  });

  it('reads a client certificate', () => {
    const config = new ConfigReader({
      berth: {
        clusters: {
          east: {
            clientCertificate: { certData: 'Y2VydA==', keyData: 'a2V5' },
          },
        },
      },
    });
    expect(readBerthCredentials(config, 'east')).toEqual({
      type: 'clientCertificate',
      certData: 'Y2VydA==',
      keyData: 'a2V5',
    });
  });

  it('is undefined without settings or credentials', () => {
    expect(readBerthCredentials(new ConfigReader({}), 'east')).toBeUndefined();
    expect(
      readBerthCredentials(
        new ConfigReader({
          berth: { clusters: { east: { allowProduction: false } } },
        }),
        'east',
      ),
    ).toBeUndefined();
  });

  it('refuses both kinds of credentials at once', () => {
    const config = new ConfigReader({
      berth: {
        clusters: {
          east: {
            serviceAccountToken: 'tok',
            clientCertificate: { certData: 'a', keyData: 'b' },
          },
        },
      },
    });
    expect(() => readBerthCredentials(config, 'east')).toThrow(
      'berth.clusters.east sets both serviceAccountToken and clientCertificate; set only one',
    );
  });

  it('wants both halves of a client certificate', () => {
    const config = new ConfigReader({
      berth: { clusters: { east: { clientCertificate: { certData: 'a' } } } },
    });
    expect(() => readBerthCredentials(config, 'east')).toThrow(/keyData/);
  });
});

describe('makeKubeConfig', () => {
  it('makes a single-context KubeConfig with a token', () => {
    const kc = makeKubeConfig('east', {
      url: 'https://10.0.0.1:6443',
      caData: 'Y2E=',
      skipTLSVerify: false,
      credentials: { type: 'token', token: 'tok' },
    });
    expect(kc.getCurrentCluster()).toMatchObject({
      name: 'east',
      server: 'https://10.0.0.1:6443',
      caData: 'Y2E=',
      skipTLSVerify: false,
    });
    expect(kc.getCurrentUser()).toMatchObject({ token: 'tok' });
    expect(kc.getContexts()).toHaveLength(1);
  });

  it('makes one with a client certificate', () => {
    const kc = makeKubeConfig('east', {
      url: 'https://10.0.0.1:6443',
      skipTLSVerify: true,
      credentials: { type: 'clientCertificate', certData: 'c', keyData: 'k' },
    });
    expect(kc.getCurrentUser()).toMatchObject({ certData: 'c', keyData: 'k' });
    expect(kc.getCurrentUser()?.token).toBeUndefined();
    expect(kc.getCurrentCluster()?.skipTLSVerify).toBe(true);
  });

  it('says which settings are missing without credentials', () => {
    expect(() =>
      makeKubeConfig('east', { url: 'https://x', skipTLSVerify: false }),
    ).toThrow(
      new InputError(
        "Berth has no credentials for cluster 'east'; set berth.clusters.east.serviceAccountToken or berth.clusters.east.clientCertificate",
      ),
    );
  });
});
