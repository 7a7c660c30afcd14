import { CreateProxySessionCommand, ListProxySessionsCommand } from '@aws-sdk/client-chime-sdk-voice';
import { describe, expect, it } from 'vitest';
import {
  EMULATOR_PROXY_PHONE_NUMBER,
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_CLOSED_PROXY_SESSION_ID,
  SEED_IN_PROGRESS_PROXY_SESSION_ID,
  SEED_LONDON_TRADING_CONNECTOR_ID,
  SEED_OPEN_PROXY_SESSION_ID,
} from '../src/seed';
import { rejectionOf } from './chime-test-client';
import { useChimeEmulator } from './support/emulator-fixture';
import { CONTACT_CENTER, onContactCenter } from './support/seed-fixtures';

const chime = useChimeEmulator();

function idsOf(output: { ProxySessions?: { ProxySessionId?: string }[] }): (string | undefined)[] {
  return (output.ProxySessions ?? []).map((session) => session.ProxySessionId);
}

/** Opens `count` more sessions on the contact-center connector, as CreateProxySession would. */
async function openSessions(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const created = await chime.client.send(
      new CreateProxySessionCommand({
        VoiceConnectorId: CONTACT_CENTER,
        ParticipantPhoneNumbers: ['+12065550101', '+14255550102'],
        Capabilities: ['Voice'],
        Name: `Order ${2000 + index}`,
      }),
    );
    ids.push(created.ProxySession?.ProxySessionId ?? '');
  }
  return ids;
}

describe('ListProxySessions', () => {
  it("lists the connector's sessions, each as GetProxySession answers it", async () => {
    // Act
    const output = await chime.client.send(new ListProxySessionsCommand({ VoiceConnectorId: CONTACT_CENTER }));

    // Assess
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(idsOf(output)).toEqual([
      SEED_OPEN_PROXY_SESSION_ID,
      SEED_IN_PROGRESS_PROXY_SESSION_ID,
      SEED_CLOSED_PROXY_SESSION_ID,
    ]);
    expect(output.NextToken).toBeUndefined();
    expect(output.ProxySessions?.[0]).toMatchObject({
      VoiceConnectorId: CONTACT_CENTER,
      Name: 'Order 1042',
      Status: 'Open',
      CreatedTimestamp: new Date('2024-05-01T12:34:56.789Z'),
      Participants: [
        { PhoneNumber: '+12065550123', ProxyPhoneNumber: EMULATOR_PROXY_PHONE_NUMBER },
        { PhoneNumber: '+14255550111', ProxyPhoneNumber: EMULATOR_PROXY_PHONE_NUMBER },
      ],
    });
    expect(chime.emulator.requestsFor('ListProxySessions').at(-1)).toMatchObject({
      method: 'GET',
      path: `/voice-connectors/${CONTACT_CENTER}/proxy-sessions`,
      status: 200,
    });
  });

  it.each([
    ['Open', SEED_OPEN_PROXY_SESSION_ID],
    ['InProgress', SEED_IN_PROGRESS_PROXY_SESSION_ID],
    ['Closed', SEED_CLOSED_PROXY_SESSION_ID],
  ] as const)('keeps only the sessions of Status %s, sent as the status query parameter', async (status, id) => {
    // Act
    const output = await chime.client.send(
      new ListProxySessionsCommand({ VoiceConnectorId: CONTACT_CENTER, Status: status }),
    );

    // Assess
    expect(idsOf(output)).toEqual([id]);
    expect(output.ProxySessions?.[0]?.Status).toBe(status);
    expect(chime.emulator.requestsFor('ListProxySessions').at(-1)?.query).toEqual({ status });
  });

  it('pages with MaxResults and NextToken, and leaves NextToken out of the last page', async () => {
    // Act
    const first = await chime.client.send(
      new ListProxySessionsCommand({ VoiceConnectorId: CONTACT_CENTER, MaxResults: 2 }),
    );
    const second = await chime.client.send(
      new ListProxySessionsCommand({ VoiceConnectorId: CONTACT_CENTER, MaxResults: 2, NextToken: first.NextToken }),
    );

    // Assess
    expect(idsOf(first)).toEqual([SEED_OPEN_PROXY_SESSION_ID, SEED_IN_PROGRESS_PROXY_SESSION_ID]);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(idsOf(second)).toEqual([SEED_CLOSED_PROXY_SESSION_ID]);
    expect(second.NextToken).toBeUndefined();
    expect(chime.emulator.requestsFor('ListProxySessions').map((request) => request.query)).toEqual([
      { 'max-results': '2' },
      { 'max-results': '2', 'next-token': first.NextToken },
    ]);
  });

  it('pages within the Status asked for', async () => {
    // Prepare: eleven open sessions in all.
    const created = await openSessions(10);

    // Act
    const first = await chime.client.send(
      new ListProxySessionsCommand({ VoiceConnectorId: CONTACT_CENTER, Status: 'Open', MaxResults: 10 }),
    );
    const second = await chime.client.send(
      new ListProxySessionsCommand({
        VoiceConnectorId: CONTACT_CENTER,
        Status: 'Open',
        MaxResults: 10,
        NextToken: first.NextToken,
      }),
    );

    // Assess
    expect(idsOf(first)).toEqual([SEED_OPEN_PROXY_SESSION_ID, ...created.slice(0, 9)]);
    expect(idsOf(second)).toEqual([created[9]]);
    expect(second.NextToken).toBeUndefined();
  });

  it('answers pages of 10 when MaxResults is left out', async () => {
    // Prepare: twelve sessions in all.
    const created = await openSessions(9);

    // Act
    const first = await chime.client.send(new ListProxySessionsCommand({ VoiceConnectorId: CONTACT_CENTER }));
    const second = await chime.client.send(
      new ListProxySessionsCommand({ VoiceConnectorId: CONTACT_CENTER, NextToken: first.NextToken }),
    );

    // Assess
    expect(first.ProxySessions).toHaveLength(10);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(idsOf(second)).toEqual(created.slice(7));
    expect(second.NextToken).toBeUndefined();
  });

  it('answers an empty list for a connector without sessions', async () => {
    // Act
    const output = await chime.client.send(
      new ListProxySessionsCommand({ VoiceConnectorId: SEED_BRANCH_OFFICES_CONNECTOR_ID }),
    );

    // Assess
    expect(output.ProxySessions).toEqual([]);
    expect(output.NextToken).toBeUndefined();
  });

  it('answers NotFoundException for an unknown connector, and for one in another region', async () => {
    // Act
    const unknown = await rejectionOf(
      chime.client.send(new ListProxySessionsCommand({ VoiceConnectorId: 'zzzzzzzzzzzzzzzzzzzzzz' })),
    );
    const elsewhere = await rejectionOf(
      chime.client.send(new ListProxySessionsCommand({ VoiceConnectorId: SEED_LONDON_TRADING_CONNECTOR_ID })),
    );

    // Assess
    expect(unknown.name).toBe('NotFoundException');
    expect(unknown.$metadata?.httpStatusCode).toBe(404);
    expect(unknown.message).toBe('Voice connector zzzzzzzzzzzzzzzzzzzzzz not found in us-east-1.');
    expect(elsewhere.name).toBe('NotFoundException');
  });

  it.each([
    ['MaxResults 0', { MaxResults: 0 }, "Value at 'MaxResults'"],
    ['MaxResults 101', { MaxResults: 101 }, "Value at 'MaxResults'"],
    ['a Status the model does not know', { Status: 'Pending' }, "Value at 'Status'"],
    ['a voice connector ID the pattern refuses', { VoiceConnectorId: 'ABC' }, "Value at 'VoiceConnectorId'"],
  ])('refuses %s with BadRequestException, as the model says', async (_case, members, message) => {
    // Act
    const error = await rejectionOf(chime.client.send(new ListProxySessionsCommand(onContactCenter(members))));

    // Assess
    expect(error.name).toBe('BadRequestException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
    expect(error.message).toContain(message);
  });

  it('accepts MaxResults 1 and 100, the ends of the model’s range', async () => {
    // Act
    const one = await chime.client.send(
      new ListProxySessionsCommand({ VoiceConnectorId: CONTACT_CENTER, MaxResults: 1 }),
    );
    const hundred = await chime.client.send(
      new ListProxySessionsCommand({ VoiceConnectorId: CONTACT_CENTER, MaxResults: 100 }),
    );

    // Assess
    expect(one.ProxySessions).toHaveLength(1);
    expect(hundred.ProxySessions).toHaveLength(3);
  });

  it('refuses a NextToken it did not issue', async () => {
    // Act
    const error = await rejectionOf(
      chime.client.send(new ListProxySessionsCommand({ VoiceConnectorId: CONTACT_CENTER, NextToken: 'not-a-token' })),
    );

    // Assess
    expect(error.name).toBe('BadRequestException');
    expect(error.message).toBe('The NextToken is not valid.');
  });
});
