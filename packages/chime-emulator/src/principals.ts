import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EMULATOR_ACCOUNT_ID } from './seed';

/**
 * Who a SigV4 access key stands for. The emulator checks no signature: a caller is whoever its access
 * key is mapped to, and an unmapped key is a synthetic IAM user named after the key, the same one
 * every time, so that "who changed it?" always has an answer.
 */

const PRINCIPAL_ARN = /^arn:aws[a-z-]*:(?:iam|sts)::\d{12}:(?:root|user\/.+|assumed-role\/[^/]+\/.+)$/;

/**
 * @example
 * { "arn": "arn:aws:iam::123456789012:user/mallory", "userName": "mallory", "type": "IAMUser" }
 * { "arn": "arn:aws:sts::123456789012:assumed-role/NetworkAdmin/alice", "userName": "alice", "type": "AssumedRole" }
 */
export const EmulatorPrincipalSchema = z
  .object({
    /** The IAM user's ARN, the assumed role session's (`arn:aws:sts::…:assumed-role/Role/session`), or the root's. */
    arn: z.string().regex(PRINCIPAL_ARN, 'Must be an IAM user, assumed-role session or root ARN'),
    /** What CloudTrail shows as `Username`: the user's name, the role session's name, or `root`. */
    userName: z.string().min(1).max(128),
    type: z.enum(['IAMUser', 'AssumedRole', 'Root']),
  })
  .strict();

export type EmulatorPrincipal = z.output<typeof EmulatorPrincipalSchema>;

/** Access key ID to principal. */
export const PrincipalMapSchema = z.record(z.string().min(1), EmulatorPrincipalSchema);
export type PrincipalMap = Record<string, EmulatorPrincipal>;

/** The synthetic IAM user an unmapped access key stands for: `emulator-<key>`, in the emulator's account. */
export function syntheticPrincipal(accessKeyId: string): EmulatorPrincipal {
  const userName = `emulator-${accessKeyId.replace(/[^\w+=,.@-]/g, '-')}`.slice(0, 64);
  return { arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/${userName}`, userName, type: 'IAMUser' };
}

/** An IAM unique ID (`AIDA…` for a user, `AROA…` for a role), stable for the ARN it is made from. */
function uniqueId(prefix: 'AIDA' | 'AROA', arn: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const digest = createHash('sha256').update(arn).digest();
  let id = prefix;
  for (let index = 0; id.length < 21; index += 1) id += alphabet[(digest[index] ?? 0) % alphabet.length];
  return id;
}

function accountOf(arn: string): string {
  return arn.split(':')[4] ?? EMULATOR_ACCOUNT_ID;
}

/**
 * The `userIdentity` block CloudTrail writes for a call made with `accessKeyId` by `principal`.
 *
 * @example
 * userIdentity({ arn: 'arn:aws:iam::123456789012:user/mallory', userName: 'mallory', type: 'IAMUser' }, 'AKIAEXAMPLE')
 * // { type: 'IAMUser', principalId: 'AIDA…', arn: '…:user/mallory', accountId: '123456789012', accessKeyId: 'AKIAEXAMPLE', userName: 'mallory' }
 */
export function userIdentity(principal: EmulatorPrincipal, accessKeyId: string, eventTime: string) {
  const accountId = accountOf(principal.arn);
  switch (principal.type) {
    case 'IAMUser':
      return {
        type: 'IAMUser',
        principalId: uniqueId('AIDA', principal.arn),
        arn: principal.arn,
        accountId,
        accessKeyId,
        userName: principal.userName,
      };
    case 'Root':
      return { type: 'Root', principalId: accountId, arn: principal.arn, accountId, accessKeyId };
    case 'AssumedRole': {
      const [, roleName = '', sessionName = principal.userName] = principal.arn
        .split(':')
        .slice(5)
        .join(':')
        .split('/');
      const roleArn = `arn:aws:iam::${accountId}:role/${roleName}`;
      const roleId = uniqueId('AROA', roleArn);
      return {
        type: 'AssumedRole',
        principalId: `${roleId}:${sessionName}`,
        arn: principal.arn,
        accountId,
        accessKeyId,
        sessionContext: {
          sessionIssuer: { type: 'Role', principalId: roleId, arn: roleArn, accountId, userName: roleName },
          attributes: { creationDate: eventTime, mfaAuthenticated: 'false' },
        },
      };
    }
  }
}
