import { Entity, RELATION_HAS_PART } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/** The catalog's Systems, each with the refs of its Components. */
export function useSystems() {
  const catalogApi = useApi(catalogApiRef);
  return useAsync(async () => {
    const { items } = await catalogApi.getEntities({
      filter: { kind: 'System' },
      fields: ['kind', 'metadata', 'spec.owner', 'relations'],
      order: { field: 'metadata.name', order: 'asc' },
    });
    return items;
  }, [catalogApi]);
}

/** Refs of the Components that are part of an entity (a System). */
export function componentRefsOf(entity: Entity): string[] {
  return (entity.relations ?? [])
    .filter(
      r => r.type === RELATION_HAS_PART && r.targetRef.startsWith('component:'),
    )
    .map(r => r.targetRef);
}
