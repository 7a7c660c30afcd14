import { z } from 'zod';
import { RISK_LEVELS } from '../changes/change-risk';
import type { PrincipalList } from '../config/principals';

/**
 * The approval policy (`APPROVAL_POLICY`, or `APPROVAL_POLICY_PARAMETER` on Lambda): who must
 * approve what, freeze windows, and who may break glass. YAML, or the same as JSON (JSON is YAML).
 * The README's "Approval policy" section shows a whole one.
 *
 * @example
 * rules:
 *   - name: contact-centre
 *     match: { connectors: [abcdefghijklmnopqrstu], risk: [high] }
 *     approvals: 2
 *     approvers: [U0BOB, S0VOICE, S0SECURITY]
 *     requireFrom: [S0SECURITY]
 *   - name: everything-else
 *     approvals: 1
 *     approvers: [S0VOICE]
 */
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const GROUP_ID = /^S[A-Z0-9]{2,}$/;
const VOICE_CONNECTOR_ID = /^(?:[a-z0-9]{21,22}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

const principalId = z
  .string()
  .refine((id) => USER_ID.test(id) || GROUP_ID.test(id), 'expected a Slack user ID (U…/W…) or user group ID (S…)');
const groupId = z.string().regex(GROUP_ID, 'expected a Slack user group ID (S…)');
const userId = z.string().regex(USER_ID, 'expected a Slack user ID (U… or W…)');

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const timeZone = z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/London or UTC');
const localDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected a local date and time such as 2026-12-20T00:00');
const clockTime = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected a time of day such as 08:30 (24:00 for the end of the day)');

export const PolicyRuleSchema = z
  .object({
    name: z.string().trim().min(1).max(64),
    match: z
      .strictObject({
        connectors: z.array(z.string().regex(VOICE_CONNECTOR_ID, 'expected a voice connector ID')).min(1).optional(),
        connectorNames: z.array(z.string().min(1).max(256)).min(1).optional(),
        tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
        kinds: z.array(z.string().min(1).max(64)).min(1).optional(),
        risk: z
          .array(z.enum(RISK_LEVELS, { error: 'expected low, warning or high' }))
          .min(1)
          .optional(),
      })
      .optional(),
    approvals: z
      .int('expected a whole number of approvals')
      .min(1, 'expected at least 1')
      .max(10, 'expected at most 10'),
    approvers: z.array(principalId).min(1, 'expected at least one user or user group'),
    requireFrom: z.array(groupId).optional(),
    ttlMinutes: z
      .number('expected a number of minutes')
      .positive('expected a positive number of minutes')
      .max(7 * 24 * 60, 'expected at most a week (10080 minutes)')
      .optional(),
  })
  .strict()
  .superRefine((rule, context) => {
    for (const [index, group] of (rule.requireFrom ?? []).entries()) {
      if (!rule.approvers.includes(group)) {
        context.addIssue({
          code: 'custom',
          path: ['requireFrom', index],
          message: `${group} must also be listed in approvers`,
        });
      }
    }
    if ((rule.requireFrom ?? []).length > rule.approvals) {
      context.addIssue({
        code: 'custom',
        path: ['requireFrom'],
        message: `names ${rule.requireFrom?.length} groups but the rule needs only ${rule.approvals} approvals`,
      });
    }
  });
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

export const FreezeWindowSchema = z.union(
  [
    z.strictObject({
      name: z.string().trim().min(1).max(64),
      start: localDateTime,
      end: localDateTime,
      timeZone,
    }),
    z.strictObject({
      name: z.string().trim().min(1).max(64),
      weekly: z.strictObject({
        days: z.array(z.enum(WEEKDAYS, { error: 'expected sun, mon, tue, wed, thu, fri or sat' })).min(1),
        from: clockTime,
        to: clockTime,
        timeZone,
      }),
    }),
  ],
  { error: 'expected a freeze with name, start, end and timeZone, or with name and weekly' },
);
export type FreezeWindow = z.infer<typeof FreezeWindowSchema>;

export const ApprovalPolicySchema = z
  .strictObject({
    rules: z.array(PolicyRuleSchema).min(1, 'expected at least one rule'),
    freezes: z.array(FreezeWindowSchema).optional(),
    changeCalendar: z
      .string()
      .regex(
        /^(?:arn:aws[\w-]*:ssm:[a-z0-9-]+:\d{12}:document\/)?[A-Za-z0-9_.-]{3,128}$/,
        'expected an SSM Change Calendar name or ARN',
      )
      .optional(),
    duringFreeze: z.enum(['hold', 'refuse'], { error: 'expected hold or refuse' }).default('hold'),
    breakGlass: z
      .strictObject({
        members: z.array(userId).min(1, 'expected at least one user'),
        reviewWithinHours: z
          .number('expected a number of hours')
          .positive()
          .max(24 * 30)
          .default(24),
      })
      .optional(),
  })
  .superRefine((policy, context) => {
    for (const [index, freeze] of (policy.freezes ?? []).entries()) {
      if ('start' in freeze && freeze.start >= freeze.end) {
        context.addIssue({ code: 'custom', path: ['freezes', index, 'end'], message: 'must be after start' });
      }
      if ('weekly' in freeze && freeze.weekly.from >= freeze.weekly.to) {
        context.addIssue({ code: 'custom', path: ['freezes', index, 'weekly', 'to'], message: 'must be after from' });
      }
    }
    const names = new Set<string>();
    for (const [index, rule] of policy.rules.entries()) {
      if (names.has(rule.name)) {
        context.addIssue({
          code: 'custom',
          path: ['rules', index, 'name'],
          message: `another rule is named ${rule.name}`,
        });
      }
      names.add(rule.name);
    }
  });
export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;

/** A policy document that cannot be used, with every problem as `line 7, rules[0].approvals: …`. */
export class ApprovalPolicyError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`The approval policy in ${source} is not valid:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ApprovalPolicyError';
  }
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Every user and group any rule lists: who may approve something (the `approve` permission). */
export function everyApprover(policy: ApprovalPolicy): PrincipalList {
  const ids = new Set(policy.rules.flatMap((rule) => rule.approvers));
  return {
    userIds: [...ids].filter((id) => USER_ID.test(id)),
    groupIds: [...ids].filter((id) => GROUP_ID.test(id)),
  };
}

/** A rule's approvers as a {@link PrincipalList}. */
export function principalsOf(ids: readonly string[]): PrincipalList {
  return { userIds: ids.filter((id) => USER_ID.test(id)), groupIds: ids.filter((id) => GROUP_ID.test(id)) };
}
