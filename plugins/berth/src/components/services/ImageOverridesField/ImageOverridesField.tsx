import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import IconButton from '@material-ui/core/IconButton';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { useId } from 'react';

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
): string | undefined {
  const names = new Set<string>();
  for (const row of rows) {
    const name = row.name.trim();
    const image = row.image.trim();
    if (!name && !image) continue;
    if (!name) return `Name the image to replace with ${image}`;
    if (!image) return `Give the image for ${name}`;
    if (/\s/.test(image)) return `The image for ${name} has spaces in it`;
    if (names.has(name)) return `The image ${name} is overridden twice`;
    names.add(name);
  }
  return undefined;
}

/** Rows of image overrides (name → image reference) that can be added and removed. */
export const ImageOverridesField = (props: {
  value: ImageOverride[];
  onChange: (value: ImageOverride[]) => void;
  disabled?: boolean;
  /** Labels the rows for screen readers, e.g. the service. */
  label?: string;
}) => {
  const { value, onChange, disabled } = props;
  const label = props.label ?? 'Image overrides';
  const id = useId();
  const problem = imageOverridesProblem(value);
  const update = (index: number, change: Partial<ImageOverride>) =>
    onChange(
      value.map((row, i) => (i === index ? { ...row, ...change } : row)),
    );
  return (
    <Box role="group" aria-label={label}>
      <Typography variant="subtitle2">{label}</Typography>
      {value.map((row, index) => (
        <Box key={index} display="flex" alignItems="center" style={{ gap: 8 }}>
          <TextField
            id={`${id}-${index}-name`}
            label="Image name"
            value={row.name}
            onChange={e => update(index, { name: e.target.value })}
            margin="dense"
            placeholder="main"
            disabled={disabled}
            style={{ width: '30%' }}
          />
          <TextField
            id={`${id}-${index}-image`}
            label="Image"
            value={row.image}
            onChange={e => update(index, { image: e.target.value })}
            margin="dense"
            placeholder="ghcr.io/acme/app:1.2.3"
            disabled={disabled}
            fullWidth
          />
          <IconButton
            aria-label={`Remove image override ${row.name || index + 1}`}
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
        Add image override
      </Button>
    </Box>
  );
};
