import { z } from 'zod';

/**
 * How many approvals a request needs and from whom, decided when it is made (by the approval
 * policy's first matching rule, or `APPROVERS` and one approval without a policy) and kept with
 * it, so that editing the policy never moves the goalposts of a request already waiting.
 */
export const ApprovalRuleSchema = z.object({
  /** The policy rule's name; absent without a policy. */
  rule: z.string().max(64).optional(),
  /** 1-based position of the rule in the policy. */
  position: z.number().int().min(1).optional(),
  /** Why the rule matched, in plain words. */
  why: z.string().max(500).optional(),
  needed: z.number().int().min(1).max(10),
  /** User and user-group IDs who may approve; empty without a policy (then `APPROVERS` decides). */
  approvers: z.array(z.string()).max(100),
  /** At least one approval from each of these groups. */
  requireFrom: z.array(z.string()).max(10),
});
export type ApprovalRule = z.infer<typeof ApprovalRuleSchema>;

/** One approval counted towards the quorum. */
export const ApprovalSchema = z.object({
  userId: z.string(),
  name: z.string().optional(),
  at: z.number(),
  /** The `requireFrom` groups the approver belonged to when approving. */
  groups: z.array(z.string()),
  /** The click it came from. */
  decisionId: z.string().optional(),
});
export type Approval = z.infer<typeof ApprovalSchema>;

/** Without a policy: one approval by anyone in `APPROVERS`, as the bot always did. */
export const SINGLE_APPROVAL: ApprovalRule = { needed: 1, approvers: [], requireFrom: [] };

export interface QuorumProgress {
  count: number;
  needed: number;
  /** `requireFrom` groups no approval has come from yet. */
  missingGroups: string[];
  complete: boolean;
}

export function quorumProgress(rule: ApprovalRule, approvals: readonly Approval[]): QuorumProgress {
  const covered = new Set(approvals.flatMap((approval) => approval.groups));
  const missingGroups = rule.requireFrom.filter((group) => !covered.has(group));
  const count = approvals.length;
  return { count, needed: rule.needed, missingGroups, complete: count >= rule.needed && missingGroups.length === 0 };
}

/**
 * Whether one more approval, by someone in `groups`, can still lead to the quorum: with two
 * approvals needed, one of them from @security, a second approval from outside @security would
 * use up the last place and leave the rule unsatisfiable, so it is refused instead of counted.
 */
export function approvalHelps(rule: ApprovalRule, approvals: readonly Approval[], groups: readonly string[]): boolean {
  const after = quorumProgress(rule, [...approvals, { userId: '', at: 0, groups: [...groups] }]);
  const placesLeft = Math.max(rule.needed - after.count, 0);
  return after.missingGroups.length <= placesLeft;
}
