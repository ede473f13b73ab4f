import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { ImageRule } from '@berth/plugin-berth-common';
import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { berthTranslationRef } from '../../../translation';
import { describeImagePath, foundImages } from './foundImages';

/**
 * The images the project's image rules find in a chart's values (with the
 * service's values over them), for review before import: each is used for
 * image overrides, deployment records and rollback checks unless unticked.
 */
export const FoundImages = (props: {
  service: string;
  chartValues: string;
  values: string;
  rules?: readonly ImageRule[];
  excluded: string[];
  onExcludedChange: (excluded: string[]) => void;
  disabled?: boolean;
}) => {
  const { t } = useTranslationRef(berthTranslationRef);
  const found = foundImages(props.chartValues, props.values, props.rules);
  if (!found) return null;
  const label = t('foundImages.title', { service: props.service });
  return (
    <Box mt={2}>
      <Typography variant="subtitle2" component="h3">
        {label}
      </Typography>
      {found.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {t('foundImages.none')}
        </Typography>
      ) : (
        <List dense aria-label={label}>
          {found.map(({ path, reference }) => {
            const used = !props.excluded.includes(path.name);
            return (
              <ListItem key={path.name}>
                <ListItemIcon>
                  <Checkbox
                    edge="start"
                    checked={used}
                    disabled={props.disabled}
                    inputProps={{
                      'aria-label': t('foundImages.use', { name: path.name }),
                    }}
                    onChange={() =>
                      props.onExcludedChange(
                        used
                          ? [...props.excluded, path.name]
                          : props.excluded.filter(n => n !== path.name),
                      )
                    }
                  />
                </ListItemIcon>
                <ListItemText
                  primary={`${path.name}: ${
                    reference ?? t('foundImages.noRepository')
                  }`}
                  secondary={describeImagePath(path)}
                />
              </ListItem>
            );
          })}
        </List>
      )}
    </Box>
  );
};
