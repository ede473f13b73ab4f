import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import { ReactNode } from 'react';

/** The head row of a small table: one cell per title, after `before`. */
export const TableHeader = (props: {
  titles: string[];
  before?: ReactNode;
}) => (
  <TableHead>
    <TableRow>
      {props.before}
      {props.titles.map(title => (
        <TableCell key={title}>{title}</TableCell>
      ))}
    </TableRow>
  </TableHead>
);
