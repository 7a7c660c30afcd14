import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSharedServices, loadApprovalPolicy } from '../../src/composition-root';
import { withApprovalPolicy } from '../../src/config/approval-policy-loader';
import { ConfigError, loadConfig } from '../../src/config/config';
import { createLogger } from '../../src/logging/logger';
import { ApprovalPolicyError, parseApprovalPolicy } from '../../src/policy/approval-policy-document';

const ISSUE_EXAMPLE = `rules:                      # the first rule that matches decides
  - name: contact-centre
    match:
      connectors: [abcdefghijklmnopqrstu]
      connectorNames: ["prod-*"]
      kinds: [origination, termination, credentials]
      risk: [high]
    approvals: 2
    approvers: [U0BOB, S0VOICE, S0SECURITY]
    requireFrom: [S0SECURITY]
    ttlMinutes: 120
  - name: everything-else
    approvals: 1
    approvers: [S0VOICE]
freezes:
  - name: year-end
    start: "2026-12-20T00:00"
    end: "2027-01-03T00:00"
    timeZone: Europe/London
  - name: weekends
    weekly: { days: [sat, sun], from: "00:00", to: "24:00", timeZone: UTC }
changeCalendar: my-change-calendar
duringFreeze: hold
breakGlass:
  members: [U0DAVE]
  reviewWithinHours: 24
`;

function problemsOf(text: string): readonly string[] {
  try {
    parseApprovalPolicy(text, 'policy.yml');
  } catch (error) {
    if (error instanceof ApprovalPolicyError) return error.problems;
    throw error;
  }
  throw new Error('expected the policy to be refused');
}

describe('parseApprovalPolicy', () => {
  it('reads the shape the issue gives, in YAML and as the same JSON', () => {
    const policy = parseApprovalPolicy(ISSUE_EXAMPLE, 'policy.yml');
    expect(policy.rules.map((rule) => rule.name)).toEqual(['contact-centre', 'everything-else']);
    expect(policy.rules[0]?.requireFrom).toEqual(['S0SECURITY']);
    expect(policy.duringFreeze).toBe('hold');
    expect(parseApprovalPolicy(JSON.stringify(policy), 'policy.json')).toEqual(policy);
  });

  it('names the line and the field of each problem', () => {
    const problems = problemsOf(
      ['rules:', '  - name: all', '    approvals: 0', '    approvers: [S0VOICE, bob]', 'duringFreeze: later', ''].join(
        '\n',
      ),
    );
    expect(problems).toContain('line 3, rules[0].approvals: expected at least 1');
    expect(problems).toContain('line 4, rules[0].approvers[1]: expected a Slack user ID (U…/W…) or user group ID (S…)');
    expect(problems).toContain('line 5, duringFreeze: expected hold or refuse');
  });

  it('refuses a requireFrom group that is not an approver, an unknown field, and a bad time zone', () => {
    const problems = problemsOf(
      [
        'rules:',
        '  - name: all',
        '    approvals: 2',
        '    approvers: [S0VOICE]',
        '    requireFrom: [S0SECURITY]',
        '    aprovals: 3',
        'freezes:',
        '  - name: x',
        '    start: "2026-12-20T00:00"',
        '    end: "2026-12-21T00:00"',
        '    timeZone: Mars/Olympus',
      ].join('\n'),
    );
    expect(problems).toContain('line 5, rules[0].requireFrom[0]: S0SECURITY must also be listed in approvers');
    expect(problems.some((problem) => problem.startsWith('line 2, rules[0]:') && problem.includes('aprovals'))).toBe(
      true,
    );
    expect(problems).toContain('line 11, freezes[0].timeZone: expected an IANA time zone such as Europe/London or UTC');
  });

  it('accepts tags in match (read with ListTagsForResource when a request is filed)', () => {
    const policy = parseApprovalPolicy(
      [
        'rules:',
        '  - name: tagged',
        '    match:',
        '      tags: { Environment: prod }',
        '    approvals: 1',
        '    approvers: [S0VOICE]',
      ].join('\n'),
      'policy.yml',
    );
    expect(policy.rules[0]?.match?.tags).toEqual({ Environment: 'prod' });
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf('rules:\n  - name: a\n    approvals: [1\n');
    expect(problems[0]).toMatch(/^line \d+: /);
  });
});

describe('APPROVAL_POLICY in the configuration', () => {
  const directory = mkdtempSync(join(tmpdir(), 'policy-'));
  const write = (name: string, text: string) => {
    const path = join(directory, name);
    writeFileSync(path, text);
    return path;
  };

  /** The start's two steps: the environment, then the policy it names (no SSM here). */
  const load = (env: Record<string, string>) =>
    withApprovalPolicy(loadConfig(env), async () => {
      throw new Error('no SSM parameter is named in these tests');
    });

  it('loads the policy; every approver of any rule may approve', async () => {
    const config = await load({ APPROVAL_POLICY: write('ok.yml', ISSUE_EXAMPLE) });
    expect(config.approvalPolicy?.policy.rules).toHaveLength(2);
    expect(config.approvers).toEqual({ userIds: ['U0BOB'], groupIds: ['S0VOICE', 'S0SECURITY'] });
  });

  it('stops the start on an invalid policy, naming the variable, the line and the field', async () => {
    const path = write('bad.yml', 'rules:\n  - name: all\n    approvals: two\n    approvers: [S0VOICE]\n');
    await expect(load({ APPROVAL_POLICY: path })).rejects.toThrow(
      `APPROVAL_POLICY (${path}): line 3, rules[0].approvals: expected a whole number of approvals`,
    );
  });

  it('refuses APPROVAL_POLICY together with APPROVERS, and a missing file', async () => {
    const path = write('both.yml', ISSUE_EXAMPLE);
    expect(() => loadConfig({ APPROVAL_POLICY: path, APPROVERS: 'U0BOB' })).toThrow(
      /APPROVERS: set it or APPROVAL_POLICY, not both/,
    );
    const missing = join(directory, 'missing.yml');
    await expect(load({ APPROVAL_POLICY: missing })).rejects.toThrow(ConfigError);
    await expect(load({ APPROVAL_POLICY: missing })).rejects.toThrow(
      `APPROVAL_POLICY: cannot read ${missing} (ENOENT)`,
    );
  });

  it('refuses a policy naming another Change Calendar than the deployment grants', async () => {
    const path = write('calendar.yml', ISSUE_EXAMPLE);
    await expect(load({ APPROVAL_POLICY: path, CHANGE_CALENDAR: 'other-calendar' })).rejects.toThrow(
      /names my-change-calendar, but this deployment may read only other-calendar/,
    );
    expect((await load({ APPROVAL_POLICY: path, CHANGE_CALENDAR: 'my-change-calendar' })).approvalPolicy).toBeDefined();
  });

  it('takes the Change Calendar by ARN in the policy as the same calendar the deployment grants by name', async () => {
    const path = write(
      'calendar-arn.yml',
      ISSUE_EXAMPLE.replace(
        'changeCalendar: my-change-calendar',
        'changeCalendar: arn:aws:ssm:us-east-1:111122223333:document/my-change-calendar',
      ),
    );
    expect((await load({ APPROVAL_POLICY: path, CHANGE_CALENDAR: 'my-change-calendar' })).approvalPolicy).toBeDefined();
    await expect(load({ APPROVAL_POLICY: path, CHANGE_CALENDAR: 'other-calendar' })).rejects.toThrow(
      /names my-change-calendar, but this deployment may read only other-calendar/,
    );
    expect(() =>
      loadConfig({ CHANGE_CALENDAR: 'arn:aws:ssm:us-east-1:111122223333:document/my-change-calendar' }),
    ).toThrow("CHANGE_CALENDAR: expected the Change Calendar's name, not its ARN");
  });

  it('refuses a rule naming a change kind the bot does not have, with its line', async () => {
    const path = write(
      'kinds.yml',
      'rules:\n  - name: typo\n    match:\n      kinds: [origination, originaton]\n    approvals: 1\n    approvers: [S0VOICE]\n',
    );
    await expect(loadApprovalPolicy(loadConfig({ APPROVAL_POLICY: path }))).rejects.toThrow(
      `APPROVAL_POLICY (${path}): line 4, rules[0].match.kinds[1]: unknown change kind originaton: expected `,
    );
  });

  it('refuses to build the services from a configuration whose policy was never read', () => {
    const config = loadConfig({ APPROVAL_POLICY: write('unread.yml', ISSUE_EXAMPLE) });
    expect(config.approvalPolicy).toBeUndefined();
    expect(() => createSharedServices(config, createLogger('silent'))).toThrow(
      'The approval policy was not read: call loadApprovalPolicy(config) before building the services',
    );
  });

  it('without a policy keeps APPROVERS as today', () => {
    const config = loadConfig({ APPROVERS: 'U0BOB,S0VOICE' });
    expect(config.approvalPolicy).toBeUndefined();
    expect(config.approvers).toEqual({ userIds: ['U0BOB'], groupIds: ['S0VOICE'] });
  });
});

describe('the sandbox seeded policy', () => {
  it('is valid, with a two-person rule, a freeze window and a break-glass member', async () => {
    const { readFileSync } = await import('node:fs');
    const policy = parseApprovalPolicy(readFileSync('docs/sandbox-approval-policy.yml', 'utf8'), 'sandbox');
    expect(policy.rules[0]?.approvals).toBe(2);
    expect(policy.freezes?.length).toBeGreaterThan(0);
    expect(policy.breakGlass?.members).toEqual(['U0REQUESTER']);
  });
});
