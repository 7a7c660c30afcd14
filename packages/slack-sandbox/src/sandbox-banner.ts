import type { SlackWorkspace } from './slack/workspace';
import { approvalChannelName, approverNames, type PrincipalList } from './workspace-roles';

export interface SandboxBannerFacts {
  consoleUrl: string;
  command: string;
  connectors: readonly { id: string; name: string; region: string }[];
  approvers: PrincipalList;
  approvalChannel?: string;
  /** The region commands use without --region. */
  defaultRegion: string;
  dataDirectory?: string;
  workspace: SlackWorkspace;
}

/** What `npm start` prints: unmistakably a sandbox, where to go, and what to try first. */
export function sandboxBanner(facts: SandboxBannerFacts): string {
  const rule = '─'.repeat(78);
  const first = facts.connectors[0];
  const connectorId = first?.id ?? '<voice-connector-id>';
  const approvers = approverNames(facts.workspace, facts.approvers);
  const approvalChannel = approvalChannelName(facts.workspace, facts.approvalChannel);
  const cmd = facts.command;
  const lines = [
    rule,
    '  SANDBOX · chime-voice-ops with a local Slack console, a Chime emulator and an embedded DynamoDB.',
    '  No Slack workspace and no AWS account are used; the data is made up.',
    '',
    `  Open the console:  ${facts.consoleUrl}`,
    '',
    '  Try first, in #voice-ops:',
    `    1. as alice:  ${cmd} termination ${connectorId}`,
    `    2. as alice:  ${cmd} origination ${connectorId}   (change a route, add a justification, submit)`,
    `    3. as alice, then as bob: Approve the request in ${approvalChannel} (alice is refused: four eyes)`,
    `    4. ${cmd} audit ${connectorId}`,
    `  More: ${cmd} help · ${cmd} proxy <id> · ${cmd} credentials <id> · ${cmd} (menu)`,
    '',
    '  Connectors in the emulator:',
    ...facts.connectors.map(
      (connector) =>
        `    ${connector.id}  ${connector.name} (${connector.region}` +
        `${connector.region === facts.defaultRegion ? '' : `: add --region ${connector.region}`})`,
    ),
    `  Approvers: ${approvers || 'nobody (set APPROVERS)'}`,
    facts.dataDirectory
      ? `  Data: kept in ${facts.dataDirectory}`
      : '  Data: in memory, gone when this stops (keep it with: npm start -- --data-dir .sandbox-data)',
    '  Stop with Ctrl+C.',
    rule,
  ];
  return `${lines.join('\n')}\n`;
}
