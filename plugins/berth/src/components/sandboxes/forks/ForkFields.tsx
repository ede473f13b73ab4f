import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { berthTranslationRef } from '../../../translation';
import { TextInput } from '../../common/FormFields';
import { YamlField } from '../../common/YamlField';
import { ImageOverridesField } from '../../services/ImageOverridesField';
import { ForkDraft, ForkErrors } from './forkDraft';

/**
 * What a fork changes of its service: a revision of its own, values over the
 * base's, image overrides (by image name) and `--set` values.
 */
export const ForkFields = (props: {
  /** Prefixes the ids of the fields. */
  id: string;
  fork: ForkDraft;
  errors: ForkErrors;
  onChange: (change: Partial<ForkDraft>) => void;
  disabled?: boolean;
}) => {
  const { fork, errors, onChange, disabled } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const named = { service: fork.service };
  const id = `${props.id}-${fork.service}`;
  return (
    <Box
      role="group"
      aria-label={t('sandboxes.create.forkOf', named)}
      mt={2}
      pl={2}
      borderLeft={2}
      borderColor="divider"
    >
      <Typography variant="subtitle2">
        {t('sandboxes.create.forkOf', named)}
      </Typography>
      <TextInput
        id={`${id}-revision`}
        label={t('sandboxes.create.revision', named)}
        value={fork.revision}
        onChange={revision => onChange({ revision })}
        type="number"
        margin="dense"
        disabled={disabled}
        problem={errors.revision}
        hint={t('sandboxes.create.revisionHint')}
        fullWidth={false}
      />
      <ImageOverridesField
        label={t('sandboxes.create.images', named)}
        value={fork.images}
        onChange={images => onChange({ images })}
        disabled={disabled}
      />
      <YamlField
        label={t('sandboxes.create.values', named)}
        value={fork.values}
        onChange={values => onChange({ values })}
        disabled={disabled}
        error={errors.values}
        rows={2}
      />
      <TextField
        id={`${id}-set`}
        label={t('sandboxes.create.set', named)}
        value={fork.set}
        onChange={e => onChange({ set: e.target.value })}
        multiline
        minRows={2}
        fullWidth
        variant="outlined"
        margin="dense"
        disabled={disabled}
        error={Boolean(errors.set)}
        helperText={errors.set ?? t('sandboxes.create.setHint')}
        placeholder="image.tag=1.5.0"
        inputProps={{ spellCheck: false, style: { fontFamily: 'monospace' } }}
      />
    </Box>
  );
};
