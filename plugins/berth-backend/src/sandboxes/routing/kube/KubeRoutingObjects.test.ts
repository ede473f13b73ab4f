import { ConflictError, InputError } from '@backstage/errors';
import { ObjectApi } from '../../../kubernetes/ObjectApi';
import { KubeRoutingObjects } from './KubeRoutingObjects';

const VS = { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService' };

function apiError(code: number, message: string) {
  return Object.assign(new Error(`HTTP ${code}`), {
    code,
    body: JSON.stringify({ message }),
  });
}

function fakeApi(overrides: Partial<Record<keyof ObjectApi, jest.Mock>>) {
  return overrides as unknown as ObjectApi;
}

describe('KubeRoutingObjects', () => {
  it('lists with the label selector and fills in the kind of the items', async () => {
    const list = jest.fn().mockResolvedValue({
      items: [{ metadata: { name: 'cart', namespace: 'shop' } }],
    });
    const objects = new KubeRoutingObjects(fakeApi({ list }));
    expect(await objects.list(VS, undefined, 'a=b')).toEqual([
      { ...VS, metadata: { name: 'cart', namespace: 'shop' } },
    ]);
    expect(list).toHaveBeenCalledWith(
      VS.apiVersion,
      VS.kind,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      'a=b',
    );
  });

  it('applies server-side as berth, taking over conflicts', async () => {
    const serverSideApply = jest.fn().mockImplementation(async o => o);
    const objects = new KubeRoutingObjects(fakeApi({ serverSideApply }));
    const route = { ...VS, metadata: { name: 'x', namespace: 'shop' } };
    await objects.apply(route);
    expect(serverSideApply).toHaveBeenCalledWith(route, {
      fieldManager: 'berth',
      force: true,
    });
  });

  it('turns API errors into Backstage errors naming the object', async () => {
    const objects = new KubeRoutingObjects(
      fakeApi({
        mergePatch: jest
          .fn()
          .mockRejectedValue(apiError(409, 'the object has been modified')),
        serverSideApply: jest
          .fn()
          .mockRejectedValue(apiError(422, 'spec.rules: Too many')),
      }),
    );
    const vs = { ...VS, metadata: { name: 'cart', namespace: 'shop' } };
    await expect(objects.mergePatch(vs)).rejects.toThrow(ConflictError);
    await expect(objects.mergePatch(vs)).rejects.toThrow(
      "Could not patch VirtualService 'shop/cart': the object has been modified",
    );
    await expect(objects.apply(vs)).rejects.toThrow(InputError);
  });

  it('takes an object already gone as deleted', async () => {
    const del = jest.fn().mockRejectedValue(apiError(404, 'not found'));
    const objects = new KubeRoutingObjects(fakeApi({ delete: del }));
    await expect(objects.delete(VS, 'shop', 'cart')).resolves.toBeUndefined();
    del.mockRejectedValue(apiError(403, 'forbidden'));
    await expect(objects.delete(VS, 'shop', 'cart')).rejects.toThrow(
      "Could not delete VirtualService 'shop/cart': forbidden",
    );
  });
});
