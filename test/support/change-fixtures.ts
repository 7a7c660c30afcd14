import { randomBytes } from 'node:crypto';
import { type ChangeRequest, newChangeRequestId } from '../../src/changes/change-request';
import type { Origination, OriginationRoute } from '../../src/chime/voice-connector';
import type { ChangeFormMetadata } from '../../src/operations/change-requests/change-form-metadata';
import type { FormServices } from '../../src/operations/operation';
import { originationHash } from '../../src/operations/origination/origination-change';
import { VoiceConnectorsDouble } from './voice-connectors-double';

export const CONNECTOR = 'abcdef1234567890abcdef';
export const OTHER_CONNECTOR = '0123456789abcdefghijkl';
export const REQUESTER = 'U0REQUESTER';
export const APPROVER = 'U0APPROVER';
export const TEAM = 'T0TEAM';
export const NOW = Date.parse('2026-11-23T09:00:00.000Z');
export const TTL_MS = 60 * 60_000;

export const CURRENT_ORIGINATION: Origination = {
  routes: [{ host: 'sbc1.example.com', port: 5060, protocol: 'UDP', priority: 1, weight: 1 }],
  disabled: false,
};

export const PROPOSED_ORIGINATION: Origination = {
  routes: [
    { host: 'sbc1.example.com', port: 5060, protocol: 'UDP', priority: 1, weight: 1 },
    { host: 'sbc2.example.com', port: 5061, protocol: 'TCP', priority: 2, weight: 10 },
  ],
  disabled: false,
};

/**
 * Origination route `index` (its priority too) to a host with a long name, as near Slack's text
 * limits as a real one gets: for tests of many routes in one message or modal.
 */
export function longHostRoute(index: number, overrides: Partial<OriginationRoute> = {}): OriginationRoute {
  return {
    host: `sbc${index}.a-rather-long-subdomain-name-for-testing.voice.example.com`,
    port: 5060,
    protocol: 'UDP',
    priority: index,
    weight: 100,
    ...overrides,
  };
}

/** A pending origination change request, as the service would store it; override what a test needs. */
export function originationRequest(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  const id = overrides.id ?? newId();
  return {
    id,
    voiceConnectorId: CONNECTOR,
    region: 'us-east-1',
    kind: 'origination',
    teamId: TEAM,
    requesterId: REQUESTER,
    requesterName: 'Rita Requester',
    channelId: 'C0REQUEST',
    justification: 'Add the second SBC',
    before: { kind: 'origination', origination: CURRENT_ORIGINATION },
    beforeHash: originationHash(CURRENT_ORIGINATION),
    proposed: { kind: 'origination', origination: PROPOSED_ORIGINATION },
    status: 'pending',
    createdAt: NOW,
    updatedAt: NOW,
    expiresAt: NOW + TTL_MS,
    submissionKey: `view-${id}`,
    ...overrides,
  };
}

/** A pending credentials change request carrying (opaque) sealed credentials. */
export function credentialsRequest(overrides: Partial<ChangeRequest> = {}): ChangeRequest {
  return originationRequest({
    kind: 'credentials',
    before: { kind: 'credentials', credentials: { usernames: ['pbx-1'] } },
    beforeHash: 'b'.repeat(64),
    proposed: { kind: 'credentials', credentials: { usernames: ['pbx-1', 'pbx-2'] } },
    sealedSecrets: 'v1.sealed.opaque.value',
    ...overrides,
  });
}

function newId(): string {
  return newChangeRequestId((bytes) => randomBytes(bytes));
}

/** A change form's metadata with `rows` rows (keys 0, 1, 2, …), as the forms carry it. */
export function formMetadata(rows: number, overrides: Partial<ChangeFormMetadata> = {}): ChangeFormMetadata {
  const keys = Array.from({ length: rows }, (_, index) => index.toString(36));
  return {
    voiceConnectorId: CONNECTOR,
    region: 'us-east-1',
    channelId: 'C0OPS',
    snapshotHash: 'a'.repeat(64),
    rows: keys,
    nextRow: rows,
    ...overrides,
  };
}

/**
 * A change form's metadata whose rows are `rowKeys`, in that order, with no channel: what the
 * form readers need to read a submission's state.
 */
export function rowsMetadata(rowKeys: string[]): ChangeFormMetadata {
  return {
    voiceConnectorId: CONNECTOR,
    region: 'us-east-1',
    snapshotHash: 'a'.repeat(64),
    rows: rowKeys,
    nextRow: rowKeys.length,
  };
}

/** What a change form may read besides its snapshot, for forms built in a test (nothing to read). */
export function formServices(overrides: Partial<FormServices> = {}): FormServices {
  return {
    voiceConnectors: new VoiceConnectorsDouble(),
    changeRequest: async () => undefined,
    now: () => NOW,
    ...overrides,
  };
}
