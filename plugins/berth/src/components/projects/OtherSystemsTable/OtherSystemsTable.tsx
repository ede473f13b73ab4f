import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { TableColumn } from '@backstage/core-components';
import { DataTable } from '../../common/DataTable';
import { BERTH_PROJECT_ANNOTATION } from '@berth/plugin-berth-common';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { OwnerLinks } from '../../common/OwnerLinks';
import { componentRefsOf } from '../../../hooks/useSystems';
import { BerthTranslate, berthTranslationRef } from '../../../translation';

const columns = (t: BerthTranslate): TableColumn<Entity>[] => [
  {
    title: t('otherSystems.system'),
    field: 'metadata.name',
    highlight: true,
    render: entity => <EntityRefLink entityRef={entity} />,
  },
  {
    title: t('otherSystems.owner'),
    field: 'spec.owner',
    render: entity => <OwnerLinks entity={entity} />,
  },
  { title: t('otherSystems.description'), field: 'metadata.description' },
  {
    title: t('otherSystems.components'),
    align: 'right',
    render: entity => componentRefsOf(entity).length,
  },
];

/** Systems of the catalog that are not Berth projects (yet). */
export const OtherSystemsTable = (props: { systems: Entity[] }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <DataTable<Entity>
      title={t('otherSystems.title')}
      subtitle={t('otherSystems.subtitle', {
        annotation: BERTH_PROJECT_ANNOTATION,
      })}
      columns={columns(t)}
      data={props.systems.map(entity => ({
        ...entity,
        id: stringifyEntityRef(entity),
      }))}
      empty={null}
    />
  );
};
