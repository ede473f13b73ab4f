import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import IconButton from '@material-ui/core/IconButton';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import AddCircleOutlineIcon from '@material-ui/icons/AddCircleOutline';
import { ChartCandidate, duplicate } from './candidates';
import { berthTranslationRef } from '../../../translation';

/** A candidate's name in labels: the chart, or its folder for Git. */
export function candidateLabel(c: ChartCandidate): string {
  const base = c.path ?? c.chart;
  const copy = c.key.match(/#(\d+)$/);
  return copy ? `${base} (${copy[1]})` : base;
}

/**
 * The second step: which charts to import (several at once), at which
 * version, as which services; Git charts can take a values file of the tree,
 * and one chart can become several services (one per values file).
 */
export const ChartsStep = (props: {
  candidates: ChartCandidate[];
  onChange: (candidates: ChartCandidate[]) => void;
  problems: Record<string, string>;
  showProblems: boolean;
  force: boolean;
  onForceChange: (force: boolean) => void;
  disabled?: boolean;
}) => {
  const { candidates, onChange, problems } = props;
  const { t } = useTranslationRef(berthTranslationRef);
  const isGit = candidates.some(c => c.path !== undefined);
  const update = (key: string, change: Partial<ChartCandidate>) =>
    onChange(candidates.map(c => (c.key === key ? { ...c, ...change } : c)));
  const allSelected =
    candidates.length > 0 && candidates.every(c => c.selected);

  if (candidates.length === 0) {
    return <Typography>{t('importCharts.none')}</Typography>;
  }
  return (
    <Box>
      <Table size="small" aria-label={t('importCharts.title')}>
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox">
              <Checkbox
                checked={allSelected}
                indeterminate={!allSelected && candidates.some(c => c.selected)}
                onChange={e =>
                  onChange(
                    candidates.map(c => ({ ...c, selected: e.target.checked })),
                  )
                }
                inputProps={{ 'aria-label': t('importCharts.chooseAll') }}
                disabled={props.disabled}
              />
            </TableCell>
            <TableCell>{t('importCharts.chart')}</TableCell>
            <TableCell>{t('importCharts.version')}</TableCell>
            <TableCell>{t('importCharts.service')}</TableCell>
            {isGit && <TableCell>{t('importCharts.values')}</TableCell>}
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {candidates.map(c => {
            const label = candidateLabel(c);
            const problem =
              props.showProblems || c.service !== c.chart
                ? problems[c.key]
                : undefined;
            return (
              <TableRow key={c.key} selected={c.selected}>
                <TableCell padding="checkbox">
                  <Checkbox
                    checked={c.selected}
                    onChange={e =>
                      update(c.key, { selected: e.target.checked })
                    }
                    inputProps={{
                      'aria-label': t('importCharts.importLabel', { label }),
                    }}
                    disabled={props.disabled}
                  />
                </TableCell>
                <TableCell>
                  <Typography variant="body2">
                    <strong>{c.chart}</strong>
                    {c.path && ` · ${c.path}`}
                  </Typography>
                  {c.description && (
                    <Typography variant="caption" color="textSecondary">
                      {c.description}
                    </Typography>
                  )}
                </TableCell>
                <TableCell>
                  {c.versions.length > 1 ? (
                    <TextField
                      select
                      value={c.version}
                      onChange={e => update(c.key, { version: e.target.value })}
                      SelectProps={{ native: true }}
                      inputProps={{
                        'aria-label': t('importCharts.versionOf', { label }),
                      }}
                      disabled={props.disabled}
                    >
                      {c.versions.map(v => (
                        <option key={v} value={v}>
                          {v}
                        </option>
                      ))}
                    </TextField>
                  ) : (
                    c.version
                  )}
                </TableCell>
                <TableCell>
                  <TextField
                    value={c.service}
                    onChange={e =>
                      update(c.key, {
                        service: e.target.value,
                        selected: true,
                      })
                    }
                    inputProps={{
                      'aria-label': t('importCharts.serviceFor', { label }),
                    }}
                    error={c.selected && Boolean(problem)}
                    helperText={c.selected ? problem : undefined}
                    disabled={props.disabled}
                  />
                </TableCell>
                {isGit && (
                  <TableCell>
                    <TextField
                      select
                      value={c.valuesFile}
                      onChange={e =>
                        update(c.key, { valuesFile: e.target.value })
                      }
                      SelectProps={{ native: true }}
                      inputProps={{
                        'aria-label': t('importCharts.valuesOf', { label }),
                      }}
                      disabled={props.disabled || c.valuesFiles.length === 0}
                    >
                      <option value="">{t('importCharts.editValues')}</option>
                      {c.valuesFiles.map(f => (
                        <option key={f} value={f}>
                          {f}
                        </option>
                      ))}
                    </TextField>
                  </TableCell>
                )}
                <TableCell padding="checkbox">
                  <Tooltip title={t('importCharts.another')}>
                    <IconButton
                      size="small"
                      aria-label={t('importCharts.anotherOver', { label })}
                      onClick={() => {
                        const index = candidates.indexOf(c);
                        const copy = duplicate(c, candidates);
                        onChange([
                          ...candidates.slice(0, index + 1),
                          copy,
                          ...candidates.slice(index + 1),
                        ]);
                      }}
                      disabled={props.disabled}
                    >
                      <AddCircleOutlineIcon fontSize="small" />
                    </IconButton>
                  </Tooltip>
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <FormControlLabel
        control={
          <Checkbox
            checked={props.force}
            onChange={e => props.onForceChange(e.target.checked)}
            color="primary"
            disabled={props.disabled}
          />
        }
        label={t('importCharts.force')}
      />
      {props.showProblems && problems[''] && (
        <Typography color="error" role="alert">
          {problems['']}
        </Typography>
      )}
    </Box>
  );
};
