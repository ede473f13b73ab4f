import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';

/** One button of a ButtonRow. */
export interface RowButton {
  /** What the button says; unique in its row. */
  label: string;
  onClick: () => void;
  /** `secondary` for destructive actions such as cancel or reject. */
  color?: 'primary' | 'secondary' | 'default';
  variant?: 'outlined' | 'contained';
  disabled?: boolean;
}

/**
 * Small buttons side by side (outlined unless said otherwise), e.g. the
 * actions of a card; `false` entries (buttons not offered) are left out.
 */
export const ButtonRow = (props: {
  buttons: Array<RowButton | false>;
  /** Disables every button, e.g. while the action of one of them runs. */
  disabled?: boolean;
  mt?: number;
}) => (
  <Box display="flex" style={{ gap: 8 }} mt={props.mt}>
    {props.buttons.map(
      button =>
        button && (
          <Button
            key={button.label}
            size="small"
            variant={button.variant ?? 'outlined'}
            color={button.color ?? 'default'}
            disabled={props.disabled || button.disabled}
            onClick={button.onClick}
          >
            {button.label}
          </Button>
        ),
    )}
  </Box>
);
