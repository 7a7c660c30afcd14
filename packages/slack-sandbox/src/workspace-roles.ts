import type { SlackWorkspace } from './slack/workspace';

/**
 * Slack user IDs (`U…`/`W…`) and user-group IDs (`S…`), as the bot's `APPROVERS` names them. The
 * sandbox declares its own shape so that it needs nothing from the bot; the bot's list fits it.
 */
export interface PrincipalList {
  readonly userIds: readonly string[];
  readonly groupIds: readonly string[];
}

/** How a person of the sandbox workspace may approve changes, for labels in the console and the banner. */
export interface ApproverRole {
  userId: string;
  name: string;
  /** The user group's handle when the person is an approver only through it. */
  viaGroup?: string;
}

/** The approvers by name, for the console's welcome and the banner: "bob, dave (via @voice-approvers)". */
export function approverNames(workspace: SlackWorkspace, approvers: PrincipalList): string {
  return approversIn(workspace, approvers)
    .map((role) => (role.viaGroup ? `${role.name} (via @${role.viaGroup})` : role.name))
    .join(', ');
}

/** Where approval requests go, as a person reads it: `#voice-approvals`. */
export function approvalChannelName(workspace: SlackWorkspace, approvalChannel: string | undefined): string {
  return approvalChannel ? `#${workspace.channel(approvalChannel)?.name ?? approvalChannel}` : 'the approval channel';
}

/**
 * Who in the workspace may approve, as `APPROVERS` says: people named directly, and members of
 * the user groups named (the bot asks Slack for those members the same way).
 *
 * @example
 * approversIn(workspace, { userIds: ['U0APPROVER'], groupIds: ['S0APPROVERS'] });
 * // [{ userId: 'U0APPROVER', name: 'bob' }, { userId: 'U0APPROVER2', name: 'dave', viaGroup: 'voice-approvers' }]
 */
export function approversIn(workspace: SlackWorkspace, approvers: PrincipalList): ApproverRole[] {
  const roles = new Map<string, ApproverRole>();
  for (const userId of approvers.userIds) {
    const user = workspace.user(userId);
    if (user !== undefined) roles.set(userId, { userId, name: user.name });
  }
  for (const groupId of approvers.groupIds) {
    const group = workspace.userGroup(groupId);
    for (const userId of group?.userIds ?? []) {
      const user = workspace.user(userId);
      if (user === undefined || roles.has(userId)) continue;
      roles.set(userId, { userId, name: user.name, viaGroup: group?.handle ?? groupId });
    }
  }
  return [...roles.values()];
}
