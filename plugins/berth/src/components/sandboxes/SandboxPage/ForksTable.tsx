import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { TableColumn } from '@backstage/core-components';
import { BerthSandboxDetails } from '@berth/plugin-berth-common';
import { BerthTranslate, berthTranslationRef } from '../../../translation';
import { DataTable } from '../../common/DataTable';
import { ImageList } from '../../services/ImageList';
import { WorkloadStatusChip } from '../../common/WorkloadStatusChip';

type ForkStatus = BerthSandboxDetails['forkStatus'][number];

function columns(t: BerthTranslate): TableColumn<ForkStatus>[] {
  return [
    { title: t('sandboxes.page.service'), field: 'service', highlight: true },
    {
      title: t('sandboxes.page.status'),
      render: f => <WorkloadStatusChip status={f.status} message={f.message} />,
    },
    {
      title: t('sandboxes.page.replicas'),
      render: f => `${f.ready}/${f.desired}`,
    },
    {
      title: t('sandboxes.page.images'),
      render: f => <ImageList images={f.images} />,
    },
    { title: t('sandboxes.page.message'), field: 'message' },
  ];
}

/** The forks of a sandbox with their live state: status, ready replicas, images. */
export const ForksTable = (props: { sandbox: BerthSandboxDetails }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <DataTable<ForkStatus>
      title={t('sandboxes.page.forks')}
      columns={columns(t)}
      data={props.sandbox.forkStatus}
      empty={t('sandboxes.page.noForks')}
    />
  );
};
