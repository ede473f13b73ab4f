import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Table, TableColumn } from '@backstage/core-components';
import { BERTH_PROJECT_ANNOTATION } from '@berth/plugin-berth-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { OwnerLinks } from '../../common/OwnerLinks';
import { componentRefsOf } from '../../../hooks/useSystems';

const columns: TableColumn<Entity>[] = [
  {
    title: 'System',
    field: 'metadata.name',
    highlight: true,
    render: entity => <EntityRefLink entityRef={entity} />,
  },
  {
    title: 'Owner',
    field: 'spec.owner',
    render: entity => <OwnerLinks entity={entity} />,
  },
  { title: 'Description', field: 'metadata.description' },
  {
    title: 'Components',
    align: 'right',
    render: entity => componentRefsOf(entity).length,
  },
];

/** Systems of the catalog that are not Berth projects (yet). */
export const OtherSystemsTable = (props: { systems: Entity[] }) => (
  <Table<Entity>
    title="Other Systems"
    subtitle={`Systems of the catalog that are not Berth projects; the ${BERTH_PROJECT_ANNOTATION} annotation makes one a project`}
    options={{ paging: false, search: false, padding: 'dense' }}
    columns={columns}
    data={props.systems.map(entity => ({
      ...entity,
      id: stringifyEntityRef(entity),
    }))}
  />
);
