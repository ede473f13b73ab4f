import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Button from '@material-ui/core/Button';
import { berthTranslationRef } from '../../../translation';

/**
 * The small "Remove" button of a part of the definition (a stage, a job);
 * `label` names what it removes, for screen readers.
 */
export const RemoveButton = (props: { label: string; onClick: () => void }) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <Button size="small" onClick={props.onClick} aria-label={props.label}>
      {t('workflows.editor.remove')}
    </Button>
  );
};
