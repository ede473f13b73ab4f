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
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { TextInput } from '../../common/FormFields';
import { useId } from 'react';
import { SourceDraft } from './candidates';
import {
  BerthTranslate,
  berthTranslationRef,
  englishBerthT,
} from '../../../translation';

const OTHER = '';

const kinds: Array<SourceDraft['kind']> = [
  'repository',
  'oci',
  'git',
  'upload',
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
export function sourceProblem(
  draft: SourceDraft,
  t: BerthTranslate = englishBerthT,
): string | undefined {
  switch (draft.kind) {
    case 'repository':
      if (draft.repository) return undefined;
      return /^https?:\/\/\S+$/.test(draft.url)
        ? undefined
        : t('importSource.problems.repositoryUrl');
    case 'oci':
      if (!/^oci:\/\/[^/\s]+\/\S+$/.test(draft.ref)) {
        return t('importSource.problems.ociRef');
      }
      return draft.version.trim()
        ? undefined
        : t('importSource.problems.version');
    case 'git':
      return /^https?:\/\/\S+$/.test(draft.url)
        ? undefined
        : t('importSource.problems.gitUrl');
    default:
      if (!draft.file) return t('importSource.problems.file');
      return /\.(tgz|tar\.gz)$/.test(draft.file.name)
        ? undefined
        : t('importSource.problems.notArchive', { file: draft.file.name });
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
  const { t } = useTranslationRef(berthTranslationRef);
  const problem = props.showProblems ? sourceProblem(draft, t) : undefined;
  const id = useId();

  return (
    <Box>
      <FormLabel component="legend">{t('importSource.from')}</FormLabel>
      <RadioGroup
        row
        aria-label={t('importSource.from')}
        value={draft.kind}
        onChange={e =>
          onChange(
            emptyDraft(e.target.value as SourceDraft['kind'], repositories),
          )
        }
      >
        {kinds.map(kind => (
          <FormControlLabel
            key={kind}
            value={kind}
            control={<Radio color="primary" />}
            label={t(`importSource.kinds.${kind}`)}
            disabled={props.disabled}
          />
        ))}
      </RadioGroup>

      {draft.kind === 'repository' && (
        <Box>
          <TextField
            select
            label={t('importSource.repository')}
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
                    if (!r) return undefined;
                    return r.authenticated
                      ? t('importSource.withCredentials', { url: r.url })
                      : r.url;
                  })()
                : t('importSource.noCredentials')
            }
          >
            {repositories.map(r => (
              <option key={r.name} value={r.name}>
                {r.name}
              </option>
            ))}
            <option value={OTHER}>{t('importSource.otherRepository')}</option>
          </TextField>
          {!draft.repository && (
            <TextInput
              label={t('importSource.repositoryUrl')}
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
            label={t('importSource.chart')}
            id={`${id}-chart`}
            placeholder="oci://ghcr.io/acme/charts/cart"
            value={draft.ref}
            onChange={ref => onChange({ ...draft, ref: ref.trim() })}
            margin="dense"
            disabled={props.disabled}
            hint={
              registries.length
                ? t('importSource.registries', {
                    hosts: registries.map(r => r.host).join(', '),
                  })
                : t('importSource.noRegistries')
            }
          />
          <TextInput
            label={t('importSource.version')}
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
          label={t('importSource.gitUrl')}
          id={`${id}-git`}
          placeholder="https://github.com/acme/charts/tree/main/charts"
          value={draft.url}
          onChange={url => onChange({ ...draft, url: url.trim() })}
          margin="dense"
          disabled={props.disabled}
          problem={problem}
          hint={t('importSource.gitHint')}
        />
      )}

      {draft.kind === 'upload' && (
        <Box mt={1}>
          <Button
            variant="outlined"
            component="label"
            disabled={props.disabled}
          >
            {t('importSource.chooseFile')}
            <input
              type="file"
              accept=".tgz,.tar.gz,application/gzip"
              hidden
              aria-label={t('importSource.archive')}
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
            {draft.file ? draft.file.name : t('importSource.noFile')}
          </Typography>
          {problem && <Typography color="error">{problem}</Typography>}
        </Box>
      )}
    </Box>
  );
};
