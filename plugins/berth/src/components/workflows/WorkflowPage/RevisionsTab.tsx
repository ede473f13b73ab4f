import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { TableColumn } from '@backstage/core-components';
import { WorkflowRevision } from '@berth/plugin-berth-common';
import Button from '@material-ui/core/Button';
import { useState } from 'react';
import { useWorkflowRevisions } from '../../../hooks/useWorkflowRevisions';
import { formatTime } from '../../../lib/time';
import { berthTranslationRef } from '../../../translation';
import { DataTable } from '../../common/DataTable';
import { ViewDialog } from '../../common/ViewDialog';
import { definitionToYaml } from '../WorkflowEditor/definitionYaml';

/** The revisions of a workflow, newest first; each definition can be viewed as YAML. */
export const RevisionsTab = (props: {
  workflowId: string;
  revision: number;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const revisions = useWorkflowRevisions(props.workflowId, props.revision);
  const [shown, setShown] = useState<WorkflowRevision>();
  const columns: TableColumn<WorkflowRevision & { id: string }>[] = [
    { title: t('workflows.revisions.revision'), field: 'revision' },
    { title: t('workflows.revisions.createdBy'), field: 'createdBy' },
    {
      title: t('workflows.revisions.createdAt'),
      render: r => formatTime(r.createdAt),
    },
    {
      title: '',
      render: r => (
        <Button
          size="small"
          aria-label={t('workflows.revisions.viewOf', {
            revision: String(r.revision),
          })}
          onClick={() => setShown(r)}
        >
          {t('workflows.revisions.view')}
        </Button>
      ),
    },
  ];
  return (
    <>
      <DataTable<WorkflowRevision & { id: string }>
        title={t('workflows.revisions.heading')}
        error={revisions.error}
        loading={revisions.loading && !revisions.value}
        columns={columns}
        data={(revisions.value ?? []).map(r => ({
          ...r,
          id: String(r.revision),
        }))}
        empty={t('workflows.revisions.empty')}
      />
      {shown && (
        <ViewDialog
          id="workflow-revision"
          size="md"
          title={t('workflows.revisions.viewOf', {
            revision: String(shown.revision),
          })}
          onClose={() => setShown(undefined)}
        >
          <pre>{definitionToYaml(shown.definition)}</pre>
        </ViewDialog>
      )}
    </>
  );
};
