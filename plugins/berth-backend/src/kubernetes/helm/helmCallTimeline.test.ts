import { profiledDeploy, startDeployProfile } from '../../shared/deployProfile';
import { HelmCallTimeline, requestKind } from './helmCallTimeline';

describe('HelmCallTimeline', () => {
  it('splits a helm call into start-up, reads, render, labelling, discovery, apply and exit', async () => {
    const now = jest.spyOn(performance, 'now');
    const profile = startDeployProfile();
    try {
      await profiledDeploy('cart', async () => {
        const timeline = new HelmCallTimeline();
        now.mockReturnValueOnce(1000);
        timeline.spawn();
        // the release's history, then the post-renderer, then discovery and the apply
        timeline.request({
          method: 'GET',
          path: '/api/v1/namespaces/ns/secrets?labelSelector=owner%3Dhelm',
          start: 1100,
          end: 1120,
        });
        timeline.postRendered(1300, 1340);
        timeline.request({
          method: 'GET',
          path: '/api',
          start: 1350,
          end: 1360,
        });
        timeline.request({
          method: 'GET',
          path: '/apis',
          start: 1360,
          end: 1380,
        });
        timeline.request({
          method: 'GET',
          path: '/apis/apps/v1',
          start: 1380,
          end: 1390,
        });
        timeline.request({
          method: 'POST',
          path: '/apis/apps/v1/namespaces/ns/deployments',
          start: 1400,
          end: 1450,
        });
        timeline.request({
          method: 'POST',
          path: '/api/v1/namespaces/ns/secrets',
          start: 1450,
          end: 1470,
        });
        now.mockReturnValueOnce(1500);
        timeline.report();
      });
      const phases = profile.phases();
      const total = (phase: string) => phases[phase]?.totalMs;
      expect(total('helm.process')).toBe(500);
      expect(total('helm.startup')).toBe(100);
      expect(total('helm.releaseReads')).toBe(20);
      expect(total('helm.renderAndPostRendererStart')).toBe(180);
      expect(total('helm.postRenderLabel')).toBe(40);
      expect(total('helm.discovery')).toBe(40);
      expect(total('helm.apply')).toBe(70);
      expect(total('helm.exit')).toBe(30);
      expect(total('helm.requests')).toBe(6);
    } finally {
      profile.stop();
      now.mockRestore();
    }
  });

  it('keeps nothing outside a profiled deploy, or when no profile is collected', async () => {
    const profile = startDeployProfile();
    const timeline = new HelmCallTimeline();
    timeline.spawn();
    timeline.report();
    expect(profile.phases()).toEqual({});
    profile.stop();
    await profiledDeploy('cart', async () => {
      timeline.report();
    });
    expect(profile.phases()).toEqual({});
  });
});

describe('requestKind', () => {
  it.each([
    [
      '/api/v1/namespaces/ns/secrets?labelSelector=x',
      '/api/v1/namespaces/*/secrets',
    ],
    [
      '/api/v1/namespaces/ns/secrets/sh.helm.release.v1.a.v1',
      '/api/v1/namespaces/*/secrets/<name>',
    ],
    [
      '/apis/apps/v1/namespaces/ns/deployments/cart',
      '/apis/apps/v1/namespaces/*/deployments/<name>',
    ],
    [
      '/apis/apps/v1/namespaces/ns/deployments',
      '/apis/apps/v1/namespaces/*/deployments',
    ],
    ['/api/v1/namespaces/ns', '/api/v1/namespaces/*'],
    ['/apis', '/apis'],
    ['/openapi/v3/apis/apps/v1?hash=abc', '/openapi/v3/apis/apps/v1'],
  ])('%s is %s', (path, kind) => {
    expect(requestKind(path)).toBe(kind);
  });
});
