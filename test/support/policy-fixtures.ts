import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultWorkspaceFixture, SlackWorkspace } from '@chime-voice-ops/slack-sandbox';

/** The members of @security (S0SECURITY) in {@link workspaceWithSecurity}. */
export const SECURITY = ['U0SEC1', 'U0SEC2', 'U0SEC3', 'U0SEC4', 'U0SEC5'];

/** The default cast, plus five people in @security (S0SECURITY). */
export function workspaceWithSecurity(): SlackWorkspace {
  const fixture = defaultWorkspaceFixture();
  for (const [index, id] of SECURITY.entries()) {
    fixture.users.push({
      id,
      name: `sec${index + 1}`,
      realName: `Security ${index + 1}`,
      displayName: `sec${index + 1}`,
      isBot: false,
      isRestricted: false,
      isUltraRestricted: false,
      isAdmin: false,
      timeZone: 'UTC',
    });
  }
  fixture.userGroups.push({ id: 'S0SECURITY', handle: 'security', name: 'Security', userIds: [...SECURITY] });
  for (const channel of fixture.channels) channel.memberIds.push(...SECURITY);
  return new SlackWorkspace({ fixture });
}

/**
 * A policy's rules, by tag on the connectors the emulator seeds: `Environment=prod` (the contact
 * centre and London) needs two approvals, one from @security; `middle` rules go between; anything
 * else needs one approval from @approvers.
 */
export function taggedPolicy(middle = ''): string {
  return `rules:
  - name: production
    match:
      tags: { Environment: prod }
    approvals: 2
    approvers: [U0APPROVER, S0APPROVERS, S0SECURITY]
    requireFrom: [S0SECURITY]
${middle}  - name: everything-else
    approvals: 1
    approvers: [S0APPROVERS]
`;
}

export function writePolicy(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'approval-policy-')), 'policy.yml');
  writeFileSync(path, text);
  return path;
}
