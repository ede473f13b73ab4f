import { fakeBerthApi, fakeBerthData } from '../fixtures';
import {
  cartFixTraffic,
  fakeSandboxesData,
  notReadyReadiness,
} from './sandboxFixtures';

const cart = [{ service: 'cart' }];

/** The server's message of a failed call, as `<status> <message>`. */
async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (e) {
    const error = e as {
      response: { status: number };
      body: { error: { message: string } };
    };
    return `${error.response.status} ${error.body.error.message}`;
  }
  throw new Error('the call succeeded');
}

describe('the fake sandboxes backend', () => {
  it('creates a sandbox of a ready base, with the default TTL, and lists it', async () => {
    const api = fakeBerthApi({ actor: 'user:default/alice' });
    const { sandbox } = await api.createSandbox('env-shop-dev', {
      name: 'alice',
      forks: cart,
    });
    expect(sandbox).toMatchObject({
      name: 'alice',
      namespace: 'shop-dev-alice',
      status: 'creating',
      createdBy: 'user:default/alice',
      routingKey: {
        xEnv: { header: 'x-env', value: 'alice' },
        baggage: { header: 'baggage', member: 'berth-sandbox=alice' },
      },
    });
    expect(Date.parse(sandbox.expiresAt) - Date.parse(sandbox.createdAt)).toBe(
      8 * 3_600_000,
    );
    expect((await api.listSandboxes({ mine: true })).map(s => s.name)).toEqual([
      'alice',
    ]);
    api.sandboxes.settle();
    expect(await api.getSandbox(sandbox.id)).toMatchObject({
      status: 'ready',
      forkStatus: [{ service: 'cart', status: 'Running', ready: 1 }],
    });
  });

  it('refuses what the backend refuses, creating nothing', async () => {
    const data = fakeBerthData();
    data.environments[1] = { ...data.environments[1], sleeping: true };
    data.sandboxes = {
      ...fakeSandboxesData(),
      readiness: { 'env-shop-dev': notReadyReadiness() },
    };
    const api = fakeBerthApi({ data });
    expect(
      await refusal(
        api.createSandbox('env-shop-dev', { name: 'a', forks: cart }),
      ),
    ).toBe(
      "409 Environment 'dev' is not ready for sandboxes: crds (HTTPRoute CRD (gateway.networking.k8s.io/v1) not installed)",
    );
    expect(
      await refusal(
        api.createSandbox('env-shop-prod', { name: 'a', forks: cart }),
      ),
    ).toBe("409 Environment 'prod' is asleep: wake it first");
    const ready = fakeBerthApi();
    expect(
      await refusal(
        ready.createSandbox('env-shop-dev', {
          name: 'a',
          forks: [{ service: 'search' }],
        }),
      ),
    ).toBe("400 Environment 'dev' has no service named 'search' to fork");
    expect(
      await refusal(
        ready.createSandbox('env-shop-dev', { name: 'A_b', forks: cart }),
      ),
    ).toMatch(/^400 Sandbox name 'A_b' is not a valid DNS label/);
    expect(
      await refusal(
        ready.createSandbox('env-shop-dev', {
          name: 'a',
          forks: cart,
          ttlHours: 73,
        }),
      ),
    ).toBe('400 ttlHours 73 is beyond the maximum of 72 hours');
    expect(
      await refusal(
        ready.createSandbox('sbx-cart-fix', { name: 'a', forks: cart }),
      ),
    ).toBe('400 A sandbox cannot be the base of a sandbox');
    expect(await ready.listEnvironmentSandboxes('env-shop-dev')).toHaveLength(
      2,
    );
  });

  it('routes x-env exactly and the baggage member anchored', async () => {
    const api = fakeBerthApi();
    const backend = async (headers: Record<string, string>) =>
      (await api.explainRoute('env-shop-dev', { service: 'cart', headers }))
        .backend;
    const fork = 'cart.shop-dev-cart-fix.svc.cluster.local';
    const base = 'cart.shop-dev.svc.cluster.local';
    expect(await backend({})).toBe(base);
    expect(await backend({ 'x-env': 'cart-fix' })).toBe(fork);
    expect(
      await backend({ baggage: 'foo=1, berth-sandbox=cart-fix;p=1' }),
    ).toBe(fork);
    expect(await backend({ baggage: 'berth-sandbox=cart-fix2' })).toBe(base);
    expect(await backend({ baggage: 'xberth-sandbox=cart-fix' })).toBe(base);
  });

  it("reports the TTL limits in every base's readiness", async () => {
    const data = fakeBerthData();
    data.sandboxes = {
      ...fakeSandboxesData(),
      defaultTtlHours: 4,
      maxTtlHours: 24,
      readiness: { 'env-shop-dev': notReadyReadiness() },
    };
    const api = fakeBerthApi({ data });
    expect((await api.getSandboxReadiness('env-shop-dev')).ttl).toEqual({
      defaultHours: 4,
      maxHours: 24,
    });
    expect((await api.getSandboxReadiness('env-shop-prod')).ttl).toEqual({
      defaultHours: 4,
      maxHours: 24,
    });
  });

  it('changes the forks with a sandbox-update operation, keeping the status', async () => {
    const api = fakeBerthApi();
    const { sandbox, operation } = await api.updateSandbox('sbx-cart-fix', {
      forks: [{ service: 'payments' }],
    });
    expect(operation).toMatchObject({
      kind: 'sandbox-update',
      title: 'Update sandbox cart-fix',
      environmentId: 'env-shop-dev',
    });
    expect(sandbox).toMatchObject({
      status: 'ready',
      forks: [{ service: 'payments' }],
      operationId: operation!.id,
    });
    expect((await api.getSandbox('sbx-cart-fix')).forkStatus).toEqual([
      {
        service: 'payments',
        status: 'Deploying',
        ready: 0,
        desired: 1,
        images: [],
      },
    ]);
    expect(
      await refusal(api.updateSandbox('sbx-cart-fix', { forks: [] })),
    ).toBe('400 A sandbox forks at least one service (forks)');
    expect(
      await refusal(
        api.updateSandbox('sbx-cart-fix', { forks: [{ service: 'search' }] }),
      ),
    ).toBe("400 Environment 'dev' has no service named 'search' to fork");
  });

  it('answers the traffic it was given, or that the key reached no fork', async () => {
    const api = fakeBerthApi();
    expect(await api.getSandboxTraffic('sbx-cart-fix')).toEqual(cartFixTraffic);
    expect(await api.getSandboxTraffic('sbx-bob-pay')).toEqual({
      observed: true,
      source: 'Traefik access log',
      services: [],
      forksNotReached: ['payments'],
    });
    expect(await refusal(api.getSandboxTraffic('sbx-gone'))).toBe(
      "404 No sandbox with id 'sbx-gone'",
    );
  });
});
