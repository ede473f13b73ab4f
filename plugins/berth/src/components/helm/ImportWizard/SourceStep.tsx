import {
  HelmRegistrySummary,
  HelmRepositorySummary,
} from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { TextInput } from '../../common/FormFields';
import { useId } from 'react';
import { SourceDraft } from './candidates';

const OTHER = '';

const kinds: Array<{ kind: SourceDraft['kind']; label: string }> = [
  { kind: 'repository', label: 'Chart repository' },
  { kind: 'oci', label: 'OCI registry' },
  { kind: 'git', label: 'Git' },
  { kind: 'upload', label: 'Upload a chart archive' },
];

function emptyDraft(
  kind: SourceDraft['kind'],
  repositories: HelmRepositorySummary[],
): SourceDraft {
  switch (kind) {
    case 'repository':
      return { kind, repository: repositories[0]?.name ?? OTHER, url: '' };
    case 'oci':
      return { kind, ref: '', version: '' };
    case 'git':
      return { kind, url: '' };
    default:
      return { kind: 'upload' };
  }
}

/** Why the source cannot be read yet, or undefined. */
export function sourceProblem(draft: SourceDraft): string | undefined {
  switch (draft.kind) {
    case 'repository':
      if (draft.repository) return undefined;
      return /^https?:\/\/\S+$/.test(draft.url)
        ? undefined
        : 'Give the repository URL (http:// or https://)';
    case 'oci':
      if (!/^oci:\/\/[^/\s]+\/\S+$/.test(draft.ref)) {
        return 'Give the chart as oci://host/path/chart';
      }
      return draft.version.trim() ? undefined : 'Give the chart version';
    case 'git':
      return /^https?:\/\/\S+$/.test(draft.url)
        ? undefined
        : 'Give the URL of a folder in a Git repository';
    default:
      if (!draft.file) return 'Choose a .tgz chart archive';
      return /\.(tgz|tar\.gz)$/.test(draft.file.name)
        ? undefined
        : `${draft.file.name} is not a .tgz chart archive`;
  }
}

/**
 * The first step of the import: where the charts come from. Configured
 * repositories are offered by name (their credentials stay in the backend).
 */
export const SourceStep = (props: {
  draft: SourceDraft;
  onChange: (draft: SourceDraft) => void;
  repositories: HelmRepositorySummary[];
  registries: HelmRegistrySummary[];
  showProblems: boolean;
  disabled?: boolean;
}) => {
  const { draft, onChange, repositories, registries } = props;
  const problem = props.showProblems ? sourceProblem(draft) : undefined;
  const id = useId();

  return (
    <Box>
      <FormLabel component="legend">Import charts from</FormLabel>
      <RadioGroup
        row
        aria-label="Import charts from"
        value={draft.kind}
        onChange={e =>
          onChange(
            emptyDraft(e.target.value as SourceDraft['kind'], repositories),
          )
        }
      >
        {kinds.map(k => (
          <FormControlLabel
            key={k.kind}
            value={k.kind}
            control={<Radio color="primary" />}
            label={k.label}
            disabled={props.disabled}
          />
        ))}
      </RadioGroup>

      {draft.kind === 'repository' && (
        <Box>
          <TextField
            select
            label="Repository"
            id={`${id}-repository`}
            value={draft.repository}
            onChange={e => onChange({ ...draft, repository: e.target.value })}
            SelectProps={{ native: true }}
            margin="dense"
            fullWidth
            disabled={props.disabled}
            helperText={
              draft.repository
                ? (() => {
                    const r = repositories.find(
                      x => x.name === draft.repository,
                    );
                    return r
                      ? `${r.url}${
                          r.authenticated
                            ? ' · credentials configured in Berth'
                            : ''
                        }`
                      : undefined;
                  })()
                : 'A repository that needs no credentials'
            }
          >
            {repositories.map(r => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
            <option value={OTHER}>Another repository (URL)</option>
          </TextField>
          {!draft.repository && (
            <TextInput
              label="Repository URL"
              id={`${id}-url`}
              placeholder="https://charts.example.com"
              value={draft.url}
              onChange={url => onChange({ ...draft, url: url.trim() })}
              margin="dense"
              disabled={props.disabled}
              problem={problem}
            />
          )}
        </Box>
      )}

      {draft.kind === 'oci' && (
        <Box>
          <TextInput
            label="Chart"
            id={`${id}-chart`}
            placeholder="oci://ghcr.io/acme/charts/cart"
            value={draft.ref}
            onChange={ref => onChange({ ...draft, ref: ref.trim() })}
            margin="dense"
            disabled={props.disabled}
            hint={
              registries.length
                ? `Credentials are configured for ${registries
                    .map(r => r.host)
                    .join(', ')}`
                : 'No registry credentials are configured; public charts only'
            }
          />
          <TextInput
            label="Version"
            id={`${id}-version`}
            placeholder="1.2.3"
            value={draft.version}
            onChange={version =>
              onChange({ ...draft, version: version.trim() })
            }
            margin="dense"
            fullWidth={false}
            disabled={props.disabled}
          />
          {problem && <Typography color="error">{problem}</Typography>}
        </Box>
      )}

      {draft.kind === 'git' && (
        <TextInput
          label="Git folder URL"
          id={`${id}-git`}
          placeholder="https://github.com/acme/charts/tree/main/charts"
          value={draft.url}
          onChange={url => onChange({ ...draft, url: url.trim() })}
          margin="dense"
          disabled={props.disabled}
          problem={problem}
          hint="Every folder under it that holds a Chart.yaml is offered"
        />
      )}

      {draft.kind === 'upload' && (
        <Box mt={1}>
          <Button
            variant="outlined"
            component="label"
            disabled={props.disabled}
          >
            Choose a .tgz file
            <input
              type="file"
              accept=".tgz,.tar.gz,application/gzip"
              hidden
              aria-label="Chart archive"
              onChange={e =>
                onChange({ kind: 'upload', file: e.target.files?.[0] })
              }
            />
          </Button>
          <Typography
            variant="body2"
            component="span"
            style={{ marginLeft: 8 }}
          >
            {draft.file ? draft.file.name : 'No file chosen'}
          </Typography>
          {problem && <Typography color="error">{problem}</Typography>}
        </Box>
      )}
    </Box>
  );
};
