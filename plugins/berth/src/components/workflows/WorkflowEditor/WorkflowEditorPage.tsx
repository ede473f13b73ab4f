import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { WorkflowDefinition } from '@berth/plugin-berth-common';
import { useNavigate, useParams } from 'react-router-dom';
import { useWorkflow } from '../../../hooks/useWorkflow';
import { useWorkflowCreatePermission } from '../../../hooks/useWorkflowCreatePermission';
import { useWorkflowPermissions } from '../../../hooks/useWorkflowPermissions';
import { berthTranslationRef } from '../../../translation';
import { PageLayout } from '../../common/PageLayout';
import { useWorkflowsApi } from '../api';
import { useWorkflowLinks } from '../common/links';
import { WorkflowEditor, WorkflowDraft } from './WorkflowEditor';

/** A new workflow's first definition: one stage with one script job. */
export const NEW_WORKFLOW_DEFINITION: WorkflowDefinition = {
  params: [],
  stages: [
    {
      name: 'build',
      jobs: [
        {
          name: 'hello',
          type: 'script',
          spec: { image: 'alpine:3', commands: ['echo hello'] },
        },
      ],
    },
  ],
};

/**
 * What a save sends of a draft, new workflow or new revision alike: whether
 * it is enabled, and its YAML when edited as text, else its definition.
 */
function draftContent(draft: WorkflowDraft) {
  return {
    enabled: draft.enabled,
    ...(draft.yaml !== undefined
      ? { yaml: draft.yaml }
      : { definition: draft.definition }),
  };
}

/**
 * The editor of a new workflow, at `/berth/projects/:namespace/:name/workflows/new`;
 * users denied `berth.workflow.create` are told so instead.
 */
export const NewWorkflowPage = () => {
  const { namespace = 'default', name = '' } = useParams();
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useWorkflowsApi();
  const navigate = useNavigate();
  const links = useWorkflowLinks();
  const projectRef = `system:${namespace}/${name}`;
  const permission = useWorkflowCreatePermission(projectRef);
  const save = async (draft: WorkflowDraft) => {
    const created = await api.createWorkflow(
      { namespace, name },
      {
        name: draft.name,
        ...draftContent(draft),
      },
    );
    navigate(links.workflow(created.id));
  };
  return (
    <PageLayout title={t('workflows.editor.newTitle', { project: name })}>
      {permission.loading && <Progress />}
      {!permission.loading && !permission.allowed && (
        <WarningPanel
          title={t('workflows.notAllowed.create', { project: name })}
          message={t('workflows.notAllowed.createMessage')}
        />
      )}
      {permission.allowed && (
        <WorkflowEditor
          enabled
          definition={NEW_WORKFLOW_DEFINITION}
          onSave={save}
          onCancel={() => navigate(links.project(projectRef))}
        />
      )}
    </PageLayout>
  );
};

/**
 * The editor of a workflow, at `/berth/workflows/:workflowId/edit`: saving
 * makes a new revision. Users denied `berth.workflow.update` on it are told
 * so instead.
 */
export const EditWorkflowPage = () => {
  const { workflowId } = useParams();
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useWorkflowsApi();
  const navigate = useNavigate();
  const links = useWorkflowLinks();
  const workflow = useWorkflow(workflowId);
  const permissions = useWorkflowPermissions(workflowId ?? '');
  if (workflow.loading || (workflow.value && permissions.loading)) {
    return <Progress />;
  }
  if (workflow.error || !workflow.value) {
    return (
      <PageLayout title={t('workflows.page.notFound')}>
        <ResponseErrorPanel error={workflow.error ?? new Error('not found')} />
      </PageLayout>
    );
  }
  const current = workflow.value;
  if (!permissions.canUpdate) {
    return (
      <PageLayout
        title={t('workflows.editor.editTitle', { name: current.name })}
      >
        <WarningPanel
          title={t('workflows.notAllowed.update', { name: current.name })}
          message={t('workflows.notAllowed.updateMessage')}
        />
      </PageLayout>
    );
  }
  const save = async (draft: WorkflowDraft) => {
    await api.updateWorkflow(current.id, {
      baseRevision: current.revision,
      ...draftContent(draft),
    });
    navigate(links.workflow(current.id));
  };
  return (
    <PageLayout
      title={t('workflows.editor.editTitle', { name: current.name })}
      subtitle={t('workflows.editor.fromRevision', {
        revision: String(current.revision),
      })}
    >
      <WorkflowEditor
        name={current.name}
        enabled={current.enabled}
        definition={current.definition}
        onSave={save}
        onCancel={() => navigate(links.workflow(current.id))}
      />
    </PageLayout>
  );
};
