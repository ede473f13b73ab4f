import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import {
  BerthWorkflow,
  WorkflowParamValue,
  WorkflowRunSummary,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useBerthAction } from '../../../hooks/useBerthAction';
import { useEnvironments } from '../../../hooks/useEnvironments';
import { useProject } from '../../../hooks/useProject';
import { toProjectRef } from '../../../lib/refs';
import { berthTranslationRef } from '../../../translation';
import { ActionDialog } from '../../common/ActionDialog';
import { useWorkflowsApi } from '../api';
import { ParamField } from './ParamField';
import {
  initialParamValues,
  ParamValues,
  paramProblems,
  runParams,
} from './paramValues';

/**
 * Starts a run of a workflow: a form built from its params (environments and
 * components picked from the project's), required fields checked before the
 * request, the server's refusal shown.
 */
export const RunWorkflowDialog = (props: {
  workflow: BerthWorkflow;
  onClose: () => void;
  onStarted: (run: WorkflowRunSummary) => void;
}) => {
  const { workflow } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const api = useWorkflowsApi();
  const params = workflow.definition.params ?? [];
  const project = toProjectRef(workflow.projectRef);
  const environments = useEnvironments(project);
  const berthProject = useProject(project);
  const [values, setValues] = useState<ParamValues>(() =>
    initialParamValues(params),
  );
  const [touched, setTouched] = useState(false);
  const problems = paramProblems(params, values);
  const valid = Object.keys(problems).length === 0;
  const action = useBerthAction(
    async () => {
      const run = await api.startWorkflowRun(workflow.id, {
        params: runParams(params, values),
      });
      props.onStarted(run);
    },
    { closes: true },
  );
  const confirm = {
    ...action,
    run: () => {
      setTouched(true);
      return valid ? action.run() : undefined;
    },
  };
  const options = {
    environments: (environments.value ?? []).map(e => e.name),
    components: (berthProject.value?.services ?? []).map(s => s.name),
  };
  const set = (name: string, value: WorkflowParamValue) => {
    action.clearError();
    setValues(prev => ({ ...prev, [name]: value }));
  };

  return (
    <ActionDialog
      id="run-workflow"
      onClose={props.onClose}
      title={t('workflows.run.title', {
        name: workflow.title || workflow.name,
      })}
      size="sm"
      action={confirm}
      failed={t('workflows.run.failed')}
      confirmLabel={t('workflows.run.start')}
      disabled={touched && !valid}
    >
      {params.length === 0 && (
        <Typography variant="body2">{t('workflows.run.noParams')}</Typography>
      )}
      {params.map(param => (
        <Box key={param.name}>
          <ParamField
            param={param}
            value={values[param.name]}
            onChange={value => set(param.name, value)}
            options={options}
            problem={touched ? problems[param.name] : undefined}
            disabled={action.sending}
          />
        </Box>
      ))}
    </ActionDialog>
  );
};
