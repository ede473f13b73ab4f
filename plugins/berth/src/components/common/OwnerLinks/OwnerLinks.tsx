import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  EntityRefLinks,
  getEntityRelations,
} from '@backstage/plugin-catalog-react';

/** Links to an entity's owners, from its resolved `ownedBy` relations. */
export const OwnerLinks = (props: { entity: Entity }) => {
  const owners = getEntityRelations(props.entity, RELATION_OWNED_BY);
  return owners.length > 0 ? (
    <EntityRefLinks entityRefs={owners} defaultKind="group" />
  ) : (
    <>—</>
  );
};
