import {
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_IN_PROGRESS_PROXY_SESSION_ID,
  SEED_LONDON_TRADING_CONNECTOR_ID,
  SEED_OPEN_PROXY_SESSION_ID,
} from '@chime-voice-ops/chime-emulator';
import { describe, expect, it } from 'vitest';
import { auditItemsOf, COMMAND, runCommand, settle, slashCommandBody, useBotHarness } from '../support/bot-harness';
import { visible } from '../support/visible-text';

describe('read commands over HTTP', () => {
  const harness = useBotHarness();

  it('answers /chime termination with the values the Chime server returned', async () => {
    // Prepare
    const alice = harness.slack.userAgent('U0REQUESTER');
    const termination = harness.chime.getTermination(SEED_CONTACT_CENTER_CONNECTOR_ID);

    // Act
    const outcome = await alice.runSlashCommand(COMMAND, `termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`);
    await settle(harness);

    // Assess
    expect(outcome.status).toBe(200);
    const replies = harness.slack.workspace.ephemeralsFor('U0REQUESTER');
    const card = visible(replies.at(-1));
    expect(card).toContain(SEED_CONTACT_CENTER_CONNECTOR_ID);
    expect(card).toContain(String(termination?.CpsLimit));
    for (const cidr of termination?.CidrAllowedList ?? []) expect(card).toContain(cidr);
    const wire = harness.chime.requestsFor('GetVoiceConnectorTermination');
    expect(wire.at(-1)?.path).toBe(`/voice-connectors/${SEED_CONTACT_CENTER_CONNECTOR_ID}/termination`);
  });

  it('reads another region with --region and says when a connector is not there', async () => {
    const inLondon = await runCommand(
      harness,
      'U0REQUESTER',
      `termination ${SEED_LONDON_TRADING_CONNECTOR_ID} --region eu-west-2`,
    );
    expect(inLondon).toContain('eu-west-2');

    const notFound = await runCommand(harness, 'U0REQUESTER', `termination ${SEED_LONDON_TRADING_CONNECTOR_ID}`);
    expect(notFound).toMatch(/not found/i);
    expect(notFound).toContain('us-east-1');
    // The bot knows from the connector lists where it is, and says which --region to use.
    expect(notFound).toContain('It is in `eu-west-2`: add `--region eu-west-2` to the command');
    expect(harness.chime.requestsFor('ListVoiceConnectors').length).toBeGreaterThan(0);
  });

  it('says only "not found" for a connector no region lists', async () => {
    // Act
    const notFound = await runCommand(harness, 'U0REQUESTER', 'termination zzzzzzzzzzzzzzzzzzzzzz');

    // Assess
    expect(notFound).toContain('Voice connector zzzzzzzzzzzzzzzzzzzzzz was not found in us-east-1.');
    expect(notFound).not.toContain('--region');
  });

  it('shows a proxy session with participant numbers masked', async () => {
    const session = harness.chime.getProxySession(SEED_CONTACT_CENTER_CONNECTOR_ID, SEED_OPEN_PROXY_SESSION_ID);

    const card = await runCommand(
      harness,
      'U0REQUESTER',
      `session ${SEED_CONTACT_CENTER_CONNECTOR_ID} ${SEED_OPEN_PROXY_SESSION_ID}`,
    );

    expect(card).toMatch(/deprecated/i);
    for (const participant of session?.Participants ?? []) {
      const number = participant.PhoneNumber ?? '';
      expect(card).not.toContain(number);
      expect(card).toContain(number.slice(-4));
    }
  });

  it('answers /chime proxy with the expiry, fallback number and countries the Chime server returned', async () => {
    // Prepare
    const proxy = harness.chime.getProxy(SEED_CONTACT_CENTER_CONNECTOR_ID);
    expect(proxy?.PhoneNumberCountries?.length).toBeGreaterThan(0);

    // Act
    const card = await runCommand(harness, 'U0REQUESTER', `proxy ${SEED_CONTACT_CENTER_CONNECTOR_ID}`);

    // Assess
    expect(card).toContain(SEED_CONTACT_CENTER_CONNECTOR_ID);
    expect(card).toContain(`${proxy?.DefaultSessionExpiryMinutes} minutes`);
    expect(card).toContain(String(proxy?.FallBackPhoneNumber));
    for (const country of proxy?.PhoneNumberCountries ?? []) expect(card).toContain(`\`${country}\``);
    expect(card).toMatch(/deprecated/i);
    const wire = harness.chime.requestsFor('GetVoiceConnectorProxy');
    expect(wire.at(-1)?.path).toBe(`/voice-connectors/${SEED_CONTACT_CENTER_CONNECTOR_ID}/programmable-numbers/proxy`);
  });

  it('answers /chime session with the status, capabilities and proxy number of the session', async () => {
    // Prepare
    const session = harness.chime.getProxySession(SEED_CONTACT_CENTER_CONNECTOR_ID, SEED_IN_PROGRESS_PROXY_SESSION_ID);
    const proxyNumbers = new Set(session?.Participants?.map((participant) => participant.ProxyPhoneNumber));
    expect(session?.Status).toBe('InProgress');
    expect(proxyNumbers.size).toBeGreaterThan(0);

    // Act
    const card = await runCommand(
      harness,
      'U0REQUESTER',
      `session ${SEED_CONTACT_CENTER_CONNECTOR_ID} ${SEED_IN_PROGRESS_PROXY_SESSION_ID}`,
    );

    // Assess
    expect(card).toContain(SEED_IN_PROGRESS_PROXY_SESSION_ID);
    expect(card).toContain('In progress');
    expect(card).toContain(`*Capabilities*\\n${session?.Capabilities?.join(', ')}`);
    // The proxy number is the company's own: shown in full.
    for (const number of proxyNumbers) expect(card).toContain(String(number));
  });

  it('acknowledges the command before Chime has answered, and the card follows', async () => {
    // Prepare: Chime holds the termination read (for less than the client's request timeout).
    const alice = harness.slack.userAgent('U0REQUESTER');
    const completedReads = () =>
      harness.chime.requestsFor('GetVoiceConnectorTermination').filter((request) => request.status !== undefined)
        .length;
    const terminationCards = () =>
      harness.slack.workspace.ephemeralsFor('U0REQUESTER').filter((message) => /CPS/.test(visible(message))).length;
    const before = { reads: completedReads(), cards: terminationCards() };
    harness.chime.setLatency('GetVoiceConnectorTermination', 1_500);

    try {
      // Act
      const outcome = await alice.runSlashCommand(COMMAND, `termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`);
      const atAcknowledgement = { reads: completedReads(), cards: terminationCards(), reply: visible(outcome.reply) };
      await settle(harness);

      // Assess: Slack got its answer while Chime had answered nothing and no card was shown…
      expect(outcome.status).toBe(200);
      expect(atAcknowledgement.reply).toMatch(/Looking up/);
      expect(atAcknowledgement.reads).toBe(before.reads);
      expect(atAcknowledgement.cards).toBe(before.cards);
      // …then Chime answered and the card took the acknowledgement's place.
      expect(completedReads()).toBe(before.reads + 1);
      const acknowledgement = harness.slack.workspace.ephemeral(outcome.reply?.ts ?? '');
      expect(visible(acknowledgement)).toMatch(/CPS/);
      expect(visible(acknowledgement)).not.toMatch(/Looking up/);
    } finally {
      harness.chime.setLatency('GetVoiceConnectorTermination', 0);
    }
  });

  it('refuses a malformed connector ID with usage and makes no AWS call', async () => {
    const alice = harness.slack.userAgent('U0REQUESTER');
    const before = harness.chime.requests.length;

    const outcome = await alice.runSlashCommand(COMMAND, 'termination not-a-connector');
    await settle(harness);

    expect(visible(outcome.reply)).toContain('is not a voice connector ID');
    expect(harness.chime.requests.length).toBe(before);
  });

  it('answers 401 to a forged or stale signature and calls nothing', async () => {
    const alice = harness.slack.userAgent('U0REQUESTER');
    const before = harness.chime.requests.length;
    const body = slashCommandBody(harness, `termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`);

    const forged = await alice.sendSigned(body, 'application/x-www-form-urlencoded', { signature: 'v0=deadbeef' });
    const stale = await alice.sendSigned(body, 'application/x-www-form-urlencoded', {
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    const future = await alice.sendSigned(body, 'application/x-www-form-urlencoded', {
      timestamp: Math.floor(Date.now() / 1000) + 600,
    });
    await settle(harness);

    expect([forged.status, stale.status, future.status]).toEqual([401, 401, 401]);
    expect(harness.chime.requests.length).toBe(before);
  });

  it('writes an audit entry per read with the actor, connector and outcome', async () => {
    // Prepare
    const terminationReads = async () =>
      (await auditItemsOf(harness, `vc:${SEED_CONTACT_CENTER_CONNECTOR_ID}`)).filter(
        (item) => item.action === 'read.termination',
      );
    const before = (await terminationReads()).length;

    // Act
    await harness.slack
      .userAgent('U0REQUESTER')
      .runSlashCommand(COMMAND, `termination ${SEED_CONTACT_CENTER_CONNECTOR_ID}`);
    await settle(harness);

    // Assess
    const reads = await terminationReads();
    expect(reads.length).toBeGreaterThan(0);
    expect(reads[0]).toMatchObject({ actorUserId: 'U0REQUESTER', outcome: 'ok', region: 'us-east-1' });
    expect(reads.length - before).toBe(1);
    expect(reads.at(-1)).toMatchObject({
      actorUserId: 'U0REQUESTER',
      actorTeamId: 'T0SANDBOX',
      voiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID,
      outcome: 'ok',
      region: 'us-east-1',
    });
  });
});
