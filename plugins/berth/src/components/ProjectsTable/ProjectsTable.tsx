import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { OwnerLinks } from '../OwnerLinks';
import { componentRefsOf } from '../../hooks/useSystems';

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

/** The catalog's Systems: each is a project whose environments Berth runs. */
export const ProjectsTable = (props: { systems: Entity[] }) => (
  <Table<Entity>
    title="Projects"
    subtitle="Systems in the software catalog"
    options={{ paging: false, search: true, padding: 'dense' }}
    columns={columns}
    data={props.systems.map(entity => ({
      ...entity,
      id: stringifyEntityRef(entity),
    }))}
    emptyContent={<div style={{ padding: 16 }}>No Systems in the catalog.</div>}
  />
);
