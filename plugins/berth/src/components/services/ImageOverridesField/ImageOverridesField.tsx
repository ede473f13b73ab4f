import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { useId } from 'react';
import {
  BerthTranslate,
  berthTranslationRef,
  englishBerthT,
} from '../../../translation';

/** One image override: the chart's image name and the image to use. */
export interface ImageOverride {
  name: string;
  image: string;
}

/** Overrides as rows, from the API's `{ name: image }`. */
export function imageOverridesFrom(
  images?: Record<string, string>,
): ImageOverride[] {
  return Object.entries(images ?? {}).map(([name, image]) => ({ name, image }));
}

/** The API's `{ name: image }` from rows; rows without a name or image are left out. */
export function imageOverridesTo(
  rows: ImageOverride[],
): Record<string, string> | undefined {
  const filled = rows.filter(r => r.name.trim() && r.image.trim());
  if (filled.length === 0) return undefined;
  return Object.fromEntries(filled.map(r => [r.name.trim(), r.image.trim()]));
}

/** Why the rows cannot be sent, or undefined. */
export function imageOverridesProblem(
  rows: ImageOverride[],
  t: BerthTranslate = englishBerthT,
): string | undefined {
  const names = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    const image = row.image.trim();
    if (!name && !image) continue;
    if (!name) return t('imageOverrides.noName', { image });
    if (!image) return t('imageOverrides.noImage', { name });
    if (/\s/.test(image)) return t('imageOverrides.spaces', { name });
    if (names.has(name)) return t('imageOverrides.twice', { name });
    names.add(name);
  }
  return undefined;
}

const placeholders = { name: 'main', image: 'ghcr.io/acme/app:1.2.3' };

/** Rows of image overrides (name → image reference) that can be added and removed. */
export const ImageOverridesField = (props: {
  value: ImageOverride[];
  onChange: (value: ImageOverride[]) => void;
  disabled?: boolean;
  /** Labels the rows for screen readers, e.g. the service. */
  label?: string;
}) => {
  const { value, onChange, disabled } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const label = props.label ?? t('imageOverrides.title');
  const id = useId();
  const problem = imageOverridesProblem(value, t);
  const update = (index: number, change: Partial<ImageOverride>) =>
    onChange(
      value.map((row, i) => (i === index ? { ...row, ...change } : row)),
    );
  return (
    <Box role="group" aria-label={label}>
      <Typography variant="subtitle2">{label}</Typography>
      {value.map((row, index) => (
        <Box key={index} display="flex" alignItems="center" style={{ gap: 8 }}>
          {(['name', 'image'] as const).map(part => (
            <TextField
              key={part}
              id={`${id}-${index}-${part}`}
              label={t(`imageOverrides.${part}`)}
              value={row[part]}
              onChange={e =>
                update(
                  index,
                  part === 'name'
                    ? { name: e.target.value }
                    : { image: e.target.value },
                )
              }
              margin="dense"
              placeholder={placeholders[part]}
              disabled={disabled}
              fullWidth={part === 'image'}
              style={part === 'name' ? { width: '30%' } : undefined}
            />
          ))}
          <IconButton
            aria-label={t('imageOverrides.remove', {
              name: row.name || String(index + 1),
            })}
            onClick={() => onChange(value.filter((_, i) => i !== index))}
            disabled={disabled}
            size="small"
          >
            <DeleteIcon fontSize="small" />
          </IconButton>
        </Box>
      ))}
      {problem && (
        <Typography variant="caption" color="error" component="div">
          {problem}
        </Typography>
      )}
      <Button
        size="small"
        startIcon={<AddIcon />}
        onClick={() => onChange([...value, { name: '', image: '' }])}
        disabled={disabled}
      >
        {t('imageOverrides.add')}
      </Button>
    </Box>
  );
};
