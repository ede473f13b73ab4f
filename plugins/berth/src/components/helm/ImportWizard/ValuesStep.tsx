import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { Progress } from '@backstage/core-components';
import { ChartInfo, ImageRule } from '@berth/plugin-berth-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { errorMessage } from '../../../lib/errors';
import { ChartDependencies } from '../ChartInfo';
import { FoundImages } from '../FoundImages';
import { ValuesEditor } from '../../values/ValuesEditor';
import { ChartCandidate, candidateValuesProblems } from './candidates';
import { berthTranslationRef } from '../../../translation';

/** A chart being read for the values step. */
export interface ChartRead {
  loading: boolean;
  info?: ChartInfo;
  error?: unknown;
}

/**
 * The third step: the values of each chosen service, as YAML or through the
 * form built from the chart's values.schema.json.
 */
export const ValuesStep = (props: {
  candidates: ChartCandidate[];
  reads: Record<string, ChartRead>;
  onValues: (key: string, values: string) => void;
  onValuesUrl: (key: string, valuesUrl: string) => void;
  /** The project's image rules (absent: the defaults). */
  imageRules?: readonly ImageRule[];
  onExcludedImages: (key: string, excluded: string[]) => void;
  disabled?: boolean;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  return (
    <Box>
      {props.candidates
        .filter(c => c.selected)
        .map((c, i) => {
          const read = props.reads[c.key] ?? { loading: true };
          const problems = candidateValuesProblems(c, read.info);
          return (
            <Accordion key={c.key} defaultExpanded={i === 0}>
              <AccordionSummary
                expandIcon={<ExpandMoreIcon />}
                aria-label={t('importValues.service', { service: c.service })}
              >
                <Typography>
                  <strong>{c.service}</strong> · {c.chart} {c.version}
                  {problems.length > 0 && (
                    <Typography component="span" color="error">
                      {problems.length > 1
                        ? t('importValues.problems', {
                            n: String(problems.length),
                          })
                        : t('importValues.problem')}
                    </Typography>
                  )}
                </Typography>
              </AccordionSummary>
              <AccordionDetails>
                <Box width="100%">
                  {read.loading && <Progress />}
                  {read.error !== undefined && (
                    <Typography color="error" paragraph>
                      {t('importValues.readFailed', {
                        error: errorMessage(read.error),
                      })}
                    </Typography>
                  )}
                  {read.info && read.info.dependencies.length > 0 && (
                    <Box mb={2}>
                      <ChartDependencies
                        dependencies={read.info.dependencies}
                      />
                    </Box>
                  )}
                  {!c.valuesFile && (
                    <TextField
                      id={`values-url-${c.key.replace(/[^a-zA-Z0-9-]/g, '-')}`}
                      label={t('importValues.trackUrl')}
                      helperText={t('importValues.trackUrlHint')}
                      value={c.valuesUrl}
                      onChange={e => props.onValuesUrl(c.key, e.target.value)}
                      disabled={props.disabled}
                      fullWidth
                      margin="normal"
                    />
                  )}
                  {c.valuesFile && (
                    <Typography>
                      {t('importValues.fromFile', {
                        file: <code>{c.valuesFile}</code>,
                      })}
                    </Typography>
                  )}
                  {c.valuesUrl.trim() && !c.valuesFile && (
                    <Typography>
                      {t('importValues.tracked', {
                        url: <code>{c.valuesUrl.trim()}</code>,
                      })}
                    </Typography>
                  )}
                  {!c.valuesFile && !c.valuesUrl.trim() && !read.loading && (
                    <ValuesEditor
                      label={t('importValues.valuesOf', { service: c.service })}
                      value={c.values}
                      onChange={v => props.onValues(c.key, v)}
                      schema={read.info?.schema}
                      defaults={read.info?.values}
                      disabled={props.disabled}
                    />
                  )}
                  {!c.valuesFile && !c.valuesUrl.trim() && read.info && (
                    <FoundImages
                      service={c.service}
                      chartValues={read.info.values}
                      values={c.values}
                      rules={props.imageRules}
                      excluded={c.excludedImages}
                      onExcludedChange={excluded =>
                        props.onExcludedImages(c.key, excluded)
                      }
                      disabled={props.disabled}
                    />
                  )}
                </Box>
              </AccordionDetails>
            </Accordion>
          );
        })}
    </Box>
  );
};
