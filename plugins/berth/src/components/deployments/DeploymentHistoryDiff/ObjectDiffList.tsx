import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { ObjectDiff } from '@berth/plugin-berth-common';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { UnifiedDiff } from './UnifiedDiff';
import { berthTranslationRef } from '../../../translation';

/**
 * Kubernetes objects compared between two states, one expandable diff per
 * object; changed objects first, unchanged ones listed but not expandable.
 */
export const ObjectDiffList = (props: {
  objects: ObjectDiff[];
  /** Shown when there are no objects. */
  empty?: string;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const objects = [...props.objects].sort(
    (a, b) =>
      Number(a.change === 'unchanged') - Number(b.change === 'unchanged'),
  );
  if (objects.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        {props.empty ?? t('diff.noObjects')}
      </Typography>
    );
  }
  return (
    <Box>
      {objects.map(object => {
        const title = `${object.kind} ${object.name}`;
        const unchanged = object.change === 'unchanged';
        const change = t(`diff.changes.${object.change}`);
        return (
          <Accordion
            key={`${object.apiVersion}/${title}`}
            disabled={unchanged}
            defaultExpanded={!unchanged && props.objects.length <= 3}
            TransitionProps={{ unmountOnExit: true }}
          >
            <AccordionSummary
              expandIcon={unchanged ? undefined : <ExpandMoreIcon />}
              aria-label={`${title} ${change}`}
            >
              <Box display="flex" alignItems="center" style={{ gap: 8 }}>
                <Typography variant="body2">
                  <strong>{object.kind}</strong> {object.name}
                </Typography>
                <Chip size="small" label={change} />
              </Box>
            </AccordionSummary>
            {!unchanged && (
              <AccordionDetails>
                <Box width="100%">
                  {object.outOfBand && object.outOfBand.length > 0 && (
                    <Box mb={1}>
                      <Typography variant="caption" color="textSecondary">
                        {t('diff.outOfBand')}
                      </Typography>
                      {object.outOfBand.map(field => (
                        <Typography
                          key={field}
                          variant="body2"
                          style={{ fontFamily: 'monospace' }}
                        >
                          {field}
                        </Typography>
                      ))}
                    </Box>
                  )}
                  <UnifiedDiff diff={object.diff} label={title} />
                </Box>
              </AccordionDetails>
            )}
          </Accordion>
        );
      })}
    </Box>
  );
};
