import {
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_CLOSED_PROXY_SESSION_ID,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_IN_PROGRESS_PROXY_SESSION_ID,
  SEED_OPEN_PROXY_SESSION_ID,
} from '@chime-voice-ops/chime-emulator';
import { describe, expect, it } from 'vitest';
import { runCommand, useBotHarness } from '../support/bot-harness';

const CONNECTOR = SEED_CONTACT_CENTER_CONNECTOR_ID;
const ALICE = 'U0REQUESTER';

describe('finding a proxy session ID, over HTTP with signed Slack requests', () => {
  const harness = useBotHarness();

  function run(text: string): Promise<string> {
    return runCommand(harness, ALICE, text);
  }

  async function proxyReads(connector: string) {
    const entries = await harness.core.auditLog.recentForConnector(connector, 100);
    return entries.filter((entry) => entry.action === 'read.proxy');
  }

  it('lists the open sessions on the proxy card, and the command the card offers answers with the session', async () => {
    // Prepare
    const customerNumbers = [SEED_OPEN_PROXY_SESSION_ID, SEED_IN_PROGRESS_PROXY_SESSION_ID].flatMap((id) =>
      (harness.chime.getProxySession(CONNECTOR, id)?.Participants ?? []).map((participant) => participant.PhoneNumber),
    );
    const readsBefore = (await proxyReads(CONNECTOR)).length;

    // Act
    const proxyCard = await run(`proxy ${CONNECTOR}`);
    const offered = /Look one up: `\/chime ([^`]+)`/.exec(proxyCard)?.[1];
    const sessionCard = await run(offered ?? 'missing look-up line');

    // Assess: the open and in-progress sessions are listed by ID, newest first; the closed one is not.
    expect(proxyCard).toContain('*Open proxy sessions* (2, newest first)');
    expect(proxyCard).toContain(`\`${SEED_IN_PROGRESS_PROXY_SESSION_ID}\` Delivery 2291 · 🔄 In progress`);
    expect(proxyCard).toContain(`\`${SEED_OPEN_PROXY_SESSION_ID}\` Order 1042 · 🟢 Open`);
    expect(proxyCard.indexOf(SEED_IN_PROGRESS_PROXY_SESSION_ID)).toBeLessThan(
      proxyCard.indexOf(SEED_OPEN_PROXY_SESSION_ID),
    );
    expect(proxyCard).not.toContain(SEED_CLOSED_PROXY_SESSION_ID);
    for (const number of customerNumbers) {
      expect(proxyCard).not.toContain(number);
      expect(proxyCard).toContain(String(number).slice(-4));
    }
    expect(harness.chime.requestsFor('ListProxySessions').map((request) => request.query)).toEqual(
      expect.arrayContaining([
        { status: 'Open', 'max-results': '10' },
        { status: 'InProgress', 'max-results': '10' },
      ]),
    );
    // The ID the card offers is one of those listed, and looking it up shows that session.
    expect(offered).toBe(`session ${CONNECTOR} ${SEED_IN_PROGRESS_PROXY_SESSION_ID}`);
    expect(sessionCard).toContain('Proxy session · Delivery 2291');
    expect(sessionCard).toContain(SEED_IN_PROGRESS_PROXY_SESSION_ID);
    expect(sessionCard).toContain('In progress');
    expect(sessionCard).not.toMatch(/not found/i);
    // One audit entry for the proxy card, noting how many open sessions it listed.
    const reads = await proxyReads(CONNECTOR);
    expect(reads).toHaveLength(readsBefore + 1);
    expect(reads[0]).toMatchObject({ actorUserId: ALICE, outcome: 'ok', details: { openProxySessions: 2 } });
  });

  it('still shows the proxy settings when the bot may not list sessions, saying so in one line', async () => {
    // Prepare
    harness.chime.failOperation('ListProxySessions', {
      errorName: 'AccessDeniedException',
      message: 'User: arn:aws:sts::123456789012:assumed-role/bot is not authorized to perform: chime:ListProxySessions',
    });
    const proxy = harness.chime.getProxy(CONNECTOR);
    const readsBefore = (await proxyReads(CONNECTOR)).length;

    // Act
    const card = await run(`proxy ${CONNECTOR}`);

    // Assess
    expect(card).toContain(String(proxy?.FallBackPhoneNumber));
    expect(card).toContain(`${proxy?.DefaultSessionExpiryMinutes} minutes`);
    expect(card).toContain('_Could not be listed:_ the bot’s AWS role does not allow `chime:ListProxySessions`.');
    expect(card).not.toContain('arn:aws');
    expect(card).not.toContain('Look one up');
    const reads = await proxyReads(CONNECTOR);
    expect(reads).toHaveLength(readsBefore + 1);
    expect(reads[0]).toMatchObject({
      outcome: 'ok',
      details: { openProxySessionsError: 'AccessDeniedException' },
    });
  });

  it('says so when a connector has no open proxy sessions', async () => {
    // Act
    const card = await run(`proxy ${SEED_BRANCH_OFFICES_CONNECTOR_ID}`);

    // Assess
    expect(card).toContain('No open proxy sessions.');
    expect(card).not.toContain('Look one up');
  });
});
