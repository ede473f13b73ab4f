import { WorkflowApproval } from '@berth/plugin-berth-common';
import { approvalRefusal } from './approvalRefusal';

const approval: Pick<
  WorkflowApproval,
  'approvers' | 'allowSelfApproval' | 'status' | 'decisions'
> = {
  approvers: ['user:default/bob', 'group:default/Team-Shop'],
  allowSelfApproval: false,
  status: 'waiting',
  decisions: [],
};

const bob = {
  userEntityRef: 'user:default/bob',
  ownershipEntityRefs: ['user:default/bob'],
};
const alice = {
  userEntityRef: 'user:default/alice',
  ownershipEntityRefs: ['user:default/alice', 'group:default/team-shop'],
};
const mallory = {
  userEntityRef: 'user:default/mallory',
  ownershipEntityRefs: ['user:default/mallory', 'group:default/guests'],
};

describe('approvalRefusal', () => {
  it('lets a listed approver decide, by user or by group (refs compared case-insensitively)', () => {
    expect(
      approvalRefusal(approval, 'user:default/carol', bob, true),
    ).toBeUndefined();
    expect(
      approvalRefusal(approval, 'user:default/carol', alice, true),
    ).toBeUndefined();
  });

  it('refuses without berth.workflow.approve, even an approver', () => {
    expect(approvalRefusal(approval, 'user:default/carol', bob, false)).toBe(
      'permission',
    );
  });

  it('refuses who is not among the approvers', () => {
    expect(approvalRefusal(approval, 'user:default/carol', mallory, true)).toBe(
      'notApprover',
    );
  });

  it("refuses the run's creator unless the approval allows self-approval", () => {
    expect(approvalRefusal(approval, 'user:default/Bob', bob, true)).toBe(
      'creator',
    );
    expect(
      approvalRefusal(
        { ...approval, allowSelfApproval: true },
        'user:default/bob',
        bob,
        true,
      ),
    ).toBeUndefined();
  });

  it('refuses a second decision and a decision on an approval that no longer waits', () => {
    expect(
      approvalRefusal(
        {
          ...approval,
          decisions: [
            { by: 'user:default/bob', decision: 'approve', at: '2026-01-01' },
          ],
        },
        'user:default/carol',
        bob,
        true,
      ),
    ).toBe('decided');
    expect(
      approvalRefusal(
        { ...approval, status: 'approved' },
        'user:default/carol',
        bob,
        true,
      ),
    ).toBe('notWaiting');
  });
});
