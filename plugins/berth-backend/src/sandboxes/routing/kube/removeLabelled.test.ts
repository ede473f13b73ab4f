import { ConflictError } from '@backstage/errors';
import { MemoryRoutingObjects } from '../__fixtures__/MemoryRoutingObjects';
import { removeLabelled } from './removeLabelled';

const ROUTE = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' };

function routeIn(namespace: string, name: string, sandbox: string) {
  return {
    ...ROUTE,
    metadata: {
      name,
      namespace,
      labels: { 'berth.dev/sandbox': sandbox },
    },
  };
}

describe('removeLabelled', () => {
  it('deletes the selected objects of every namespace, and only those', async () => {
    const cluster = new MemoryRoutingObjects([ROUTE]);
    cluster.put(routeIn('shop', 'a', 'alice'));
    cluster.put(routeIn('shop-alice', 'b', 'alice'));
    cluster.put(routeIn('shop', 'c', 'alice-2'));
    cluster.put(routeIn('elsewhere', 'd', 'alice'));
    expect(
      await removeLabelled(
        cluster,
        [ROUTE],
        ['shop', 'shop-alice'],
        'berth.dev/sandbox=alice',
      ),
    ).toEqual(['HTTPRoute shop/a', 'HTTPRoute shop-alice/b']);
    expect(
      [...cluster.objects.values()].map(o => o.metadata?.name).sort(),
    ).toEqual(['c', 'd']);
  });

  it('fails, naming them, when objects stay after deleting them', async () => {
    const cluster = new MemoryRoutingObjects([ROUTE]);
    cluster.put(routeIn('shop', 'stuck', 'alice'));
    // A finalizer keeps it: deletes are accepted, nothing goes.
    jest.spyOn(cluster, 'delete').mockResolvedValue();
    const removal = removeLabelled(
      cluster,
      [ROUTE],
      ['shop'],
      'berth.dev/sandbox=alice',
    );
    await expect(removal).rejects.toThrow(ConflictError);
    await expect(removal).rejects.toThrow(
      'Sandbox routes are left after deleting them: HTTPRoute shop/stuck',
    );
    expect(cluster.delete).toHaveBeenCalledTimes(5);
  });
});
