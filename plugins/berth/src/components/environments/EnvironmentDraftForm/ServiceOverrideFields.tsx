import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { BerthService } from '@berth/plugin-berth-common';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  ServiceOverrideDraft,
  ServiceOverrideErrors,
} from '../CreateEnvironmentDialog/drafts';
import { ImageOverridesField } from '../../services/ImageOverridesField';
import { YamlField } from '../../common/YamlField';
import { berthTranslationRef } from '../../../translation';

/**
 * What a new environment changes of one service: its revision, and its
 * YAML (the variables of a manifests service, the values of a Helm service,
 * which can also override images).
 */
export const ServiceOverrideFields = (props: {
  /** Prefixes the ids of the fields. */
  id: string;
  service: BerthService;
  override: ServiceOverrideDraft;
  errors: ServiceOverrideErrors;
  onChange: (change: Partial<ServiceOverrideDraft>) => void;
  disabled?: boolean;
}) => {
  const { service, override, errors, onChange, disabled } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const named = { service: service.name };
  const helm = service.kind === 'helm';
  const yaml = helm ? 'values' : 'variables';
  return (
    <Grid
      item
      xs={12}
      role="group"
      aria-label={t('environmentDraft.overridesOf', named)}
    >
      <Typography variant="subtitle2">{service.name}</Typography>
      <TextField
        id={`${props.id}-${service.name}-revision`}
        label={t('environmentDraft.revisionOf', named)}
        value={override.revision}
        onChange={e => onChange({ revision: e.target.value })}
        type="number"
        margin="dense"
        disabled={disabled}
        placeholder={String(service.latestRevision)}
        error={Boolean(errors.revision)}
        helperText={
          errors.revision ??
          t('environmentDraft.revisionHint', {
            revision: String(service.latestRevision),
          })
        }
        inputProps={{ min: 1, max: service.latestRevision }}
      />
      <YamlField
        label={
          helm
            ? t('environmentDraft.valuesOf', named)
            : t('environmentDraft.variablesOf', named)
        }
        value={override[yaml]}
        onChange={text => onChange({ [yaml]: text })}
        disabled={disabled}
        error={errors[yaml]}
        helperText={helm ? undefined : t('environmentDraft.variablesHint')}
        rows={2}
      />
      {helm && (
        <ImageOverridesField
          label={t('environmentDraft.imagesOf', named)}
          value={override.images}
          onChange={images => onChange({ images })}
          disabled={disabled}
        />
      )}
    </Grid>
  );
};
