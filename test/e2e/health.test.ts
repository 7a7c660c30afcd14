import {
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_CONTACT_CENTER_PING_SOURCE,
} from '@chime-voice-ops/chime-emulator';
import { describe, expect, it } from 'vitest';
import { runCommand, useBotHarness } from '../support/bot-harness';
import { changeRequests, requestIdOf } from '../support/e2e-change-requests';
import { visible } from '../support/visible-text';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;

describe('health at a glance, and the lock-out guardrail, through Slack payloads', () => {
  const harness = useBotHarness();
  const { openForm, submitChangeForm, fileChangeRequest, approve, reject } = changeRequests(harness);

  function health(connector: string): Promise<string> {
    return runCommand(harness, 'U0REQUESTER', `health ${connector}`);
  }

  it('shows the ping the Chime server returned, the routes, the logging state and the changes just applied', async () => {
    // Prepare: one applied termination change, so that the card has a recent change to show.
    const request = await fileChangeRequest(`change termination ${CONNECTOR}`, {
      'CPS limit': '11',
      Justification: 'A little more room',
    });
    await approve(request);
    const id = requestIdOf(request);

    // Act
    const card = await health(CONNECTOR);

    // Assess
    expect(card).toContain(`\`${SEED_CONTACT_CENTER_PING_SOURCE}\``);
    expect(card).toContain('🟢');
    for (const route of harness.chime.getOrigination(CONNECTOR)?.Routes ?? []) {
      expect(card).toContain(`\`${route.Host}:${route.Port}\``);
    }
    expect(card).toContain('SIP logs *on* · media metric logs *on*');
    expect(card).toContain(`termination change *${id}* applied by <@U0REQUESTER>, approved by <@U0APPROVER>`);
    const [audited] = await harness.core.auditLog.recentForConnector(CONNECTOR, 1);
    expect(audited).toMatchObject({ action: 'read.health', outcome: 'ok', actorUserId: 'U0REQUESTER' });
  });

  it('still shows the rest of the card when one Chime call fails, and names that call’s error in its place', async () => {
    // Prepare
    harness.chime.failOperation('GetVoiceConnectorLoggingConfiguration', { errorName: 'ThrottledClientException' });

    // Act
    const card = await health(CONNECTOR);

    // Assess
    expect(card).toMatch(/\*Logging\* ❌ _Could not be read:_ [^\n]*GetVoiceConnectorLoggingConfiguration/);
    expect(card).toContain(`\`${SEED_CONTACT_CENTER_PING_SOURCE}\``);
    expect(card).toContain('Credential usernames');
    const [audited] = await harness.core.auditLog.recentForConnector(CONNECTOR, 1);
    expect(audited?.details).toEqual({ failed: ['logging'] });
  });

  it('flags a ping hours old as stale', async () => {
    // Act
    const card = await health(SEED_BRANCH_OFFICES_CONNECTOR_ID);

    // Assess
    expect(card).toContain('*Stale:* the last ping was');
    expect(card).toContain('3 hours ago');
  });

  it('shows the ping on the termination card, with a Request a change button that opens the form', async () => {
    // Act
    const card = await runCommand(harness, 'U0REQUESTER', `termination ${CONNECTOR}`);

    // Assess
    expect(card).toContain('Last OPTIONS ping');
    expect(card).toContain(`\`${SEED_CONTACT_CENTER_PING_SOURCE}\``);
    expect(card).toContain('termination_request_change');
  });

  it('names dropping the pinging host from the allow list a lock-out, in the message and the audit entry', async () => {
    // Prepare: the contact-center PBX pings from 198.51.100.10, inside 198.51.100.0/27.
    const cidrs = harness.chime.getTermination(CONNECTOR)?.CidrAllowedList ?? [];
    const kept = cidrs.filter((cidr) => cidr !== '198.51.100.0/27');
    await openForm(`change termination ${CONNECTOR}`);

    // Act
    const message = await submitChangeForm({
      'Allowed CIDRs': kept.join('\n'),
      Justification: 'Retire the old PBX range',
    });

    // Assess
    expect(visible(message)).toContain('*High risk:* The host now sending traffic (198.51.100.10');
    const [requested] = await harness.core.auditLog.forChangeRequest(requestIdOf(message));
    expect(requested?.details?.risks).toEqual([expect.objectContaining({ code: 'lock-out', level: 'high' })]);
    await reject(message, 'not yet');
  });
});
