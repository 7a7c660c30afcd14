import { describe, expect, it } from 'vitest';
import type { VoiceConnectorRef } from '../../../src/chime/voice-connector';
import { listOpenProxySessions } from '../../../src/operations/proxy/proxy-sessions-calls';
import { VoiceConnectorsDouble } from '../../support/voice-connectors-double';

const ref: VoiceConnectorRef = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'eu-west-2' };

/** A wire session as ListProxySessions sends it. */
function wire(id: string, status: string, created?: string) {
  return {
    ProxySessionId: id,
    Name: `Session ${id}`,
    Status: status,
    ...(created === undefined ? {} : { CreatedTimestamp: created }),
    Participants: [{ PhoneNumber: '+12065550123', ProxyPhoneNumber: '+12065550100' }],
  };
}

/** Answers ListProxySessions per Status from `pages`. */
function chimeListing(pages: Record<string, { ProxySessions: unknown[]; NextToken?: string }>) {
  return new VoiceConnectorsDouble().answer('ListProxySessions', (input) => {
    const { Status } = input as { Status: string };
    return pages[Status] ?? { ProxySessions: [] };
  });
}

describe('listOpenProxySessions', () => {
  it('asks for a page of 10 Open and a page of 10 InProgress sessions of the connector', async () => {
    // Prepare
    const chime = chimeListing({});

    // Act
    await listOpenProxySessions(chime, ref);

    // Assess
    expect(chime.sent).toEqual([
      {
        operation: 'ListProxySessions',
        input: { VoiceConnectorId: ref.voiceConnectorId, Status: 'Open', MaxResults: 10 },
      },
      {
        operation: 'ListProxySessions',
        input: { VoiceConnectorId: ref.voiceConnectorId, Status: 'InProgress', MaxResults: 10 },
      },
    ]);
  });

  it('merges both statuses newest first, a session without a creation time last', async () => {
    // Prepare
    const chime = chimeListing({
      Open: { ProxySessions: [wire('a', 'Open', '2026-03-01T10:00:00Z'), wire('b', 'Open')] },
      InProgress: { ProxySessions: [wire('c', 'InProgress', '2026-03-02T10:00:00Z')] },
    });

    // Act
    const { sessions, more } = await listOpenProxySessions(chime, ref);

    // Assess
    expect(sessions.map((session) => session.proxySessionId)).toEqual(['c', 'a', 'b']);
    expect(sessions[0]).toEqual({
      proxySessionId: 'c',
      name: 'Session c',
      status: 'InProgress',
      createdTimestamp: new Date('2026-03-02T10:00:00Z'),
      participants: [{ phoneNumber: '+12065550123', proxyPhoneNumber: '+12065550100' }],
    });
    expect(more).toBe(false);
  });

  it('says there are more when either status answers with a NextToken', async () => {
    // Prepare
    const chime = chimeListing({
      InProgress: { ProxySessions: [wire('c', 'InProgress', '2026-03-02T10:00:00Z')], NextToken: 'page-2' },
    });

    // Act
    const { more } = await listOpenProxySessions(chime, ref);

    // Assess
    expect(more).toBe(true);
  });

  it('lists a session that moved from Open to InProgress between the two calls once, and never a closed one', async () => {
    // Prepare
    const chime = chimeListing({
      Open: { ProxySessions: [wire('a', 'Open', '2026-03-01T10:00:00Z'), wire('z', 'Closed')] },
      InProgress: { ProxySessions: [wire('a', 'InProgress', '2026-03-01T10:00:00Z')] },
    });

    // Act
    const { sessions } = await listOpenProxySessions(chime, ref);

    // Assess
    expect(sessions.map((session) => [session.proxySessionId, session.status])).toEqual([['a', 'InProgress']]);
  });
});
