import { camelCase, camelColumns } from './columns';

describe('camelCase', () => {
  it('turns snake_case column names into camelCase', () => {
    expect(camelCase('id')).toBe('id');
    expect(camelCase('project_ref')).toBe('projectRef');
    expect(camelCase('target_environments_2')).toBe('targetEnvironments2');
    expect(camelCase('last_line_at')).toBe('lastLineAt');
  });
});

describe('camelColumns', () => {
  it('copies the named columns as they are under camelCase names, and no others', () => {
    const row = {
      id: 'a',
      project_ref: 'system:default/shop',
      stage_index: 0,
      waiting_message: null,
      secret: 'left out',
    };
    const record: {
      id: string;
      projectRef: string;
      stageIndex: number;
      waitingMessage: null;
    } = camelColumns(row, [
      'id',
      'project_ref',
      'stage_index',
      'waiting_message',
    ]);
    expect(record).toEqual({
      id: 'a',
      projectRef: 'system:default/shop',
      stageIndex: 0,
      waitingMessage: null,
    });
    expect(Object.keys(record)).not.toContain('secret');
  });
});
