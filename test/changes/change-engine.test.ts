import { DeleteCommand, DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorContext } from '../../src/access/actor-context';
import { AuditUnavailableError } from '../../src/audit/audit-entry';
import { changeErrorText } from '../../src/blocks/change-errors';
import { ChangeEngine } from '../../src/changes/change-engine';
import type { ChangeKind, ChangeKinds } from '../../src/changes/change-kind';
import {
  AlreadyDecidedError,
  ApplyInProgressError,
  ChangeExpiredError,
  type ChangeRequest,
  NothingToChangeError,
  NotRequesterError,
  NotRevertibleError,
  OpenChangeRequestExistsError,
  RisksNotAcknowledgedError,
  SelfApprovalError,
  SnapshotMovedError,
} from '../../src/changes/change-request';
import type { Risk } from '../../src/changes/change-risk';
import { changesTableDefinition, DynamoDbChangeRequestStore } from '../../src/changes/dynamodb-change-request-store';
import { KeySealer } from '../../src/changes/secret-sealer';
import { ChimeBadRequestError } from '../../src/chime/chime-errors';
import type { Origination, VoiceConnectorRef } from '../../src/chime/voice-connector';
import { ManualClock } from '../../src/clock';
import { createLogger } from '../../src/logging/logger';
import { credentialsHash } from '../../src/operations/credentials/credentials-change';
import { originationHash } from '../../src/operations/origination/origination-change';
import { REGISTRY } from '../../src/operations/registry';
import { ensureTables } from '../../src/storage/ensure-tables';
import {
  APPROVER,
  CONNECTOR,
  CURRENT_ORIGINATION,
  PROPOSED_ORIGINATION,
  REQUESTER,
  TEAM,
  TTL_MS,
} from '../support/change-fixtures';
import { createTestDynamoDbClient, type RunningDynamoDb, startDynalite, uniqueTableName } from '../support/dynamodb';
import { InMemoryAuditLog } from '../support/in-memory-audit-log';
import { VoiceConnectorsDouble } from '../support/voice-connectors-double';

const REF: VoiceConnectorRef = { voiceConnectorId: CONNECTOR, region: 'us-east-1' };
const LEASE_MS = 120_000;
const PASSWORD = 'Very-Secret-Pa55word';

const requester: ActorContext = { actor: { userId: REQUESTER, teamId: TEAM }, actorName: 'Rita', channelId: 'C0ASK' };
const approver: ActorContext = { actor: { userId: APPROVER, teamId: TEAM }, actorName: 'Ada' };
const secondApprover: ActorContext = { actor: { userId: 'U0SECOND', teamId: TEAM }, actorName: 'Sam' };

let dynamoDb: RunningDynamoDb;
let documentClient: DynamoDBDocumentClient;

beforeAll(async () => {
  dynamoDb = await startDynalite();
  documentClient = DynamoDBDocumentClient.from(createTestDynamoDbClient(dynamoDb.endpoint));
});

afterAll(async () => {
  documentClient.destroy();
  await dynamoDb.stop();
});

/** A change service over a fresh change table, an in-memory audit log, a Chime double and a manual clock. */
async function createService(options: { outcomeAuditAttempts?: number; kinds?: ChangeKinds } = {}) {
  const tableName = uniqueTableName('changes');
  const client = createTestDynamoDbClient(dynamoDb.endpoint);
  await ensureTables(client, [changesTableDefinition(tableName)]);
  client.destroy();
  const clock = new ManualClock();
  const auditLog = new InMemoryAuditLog({ clock });
  const chime = new VoiceConnectorsDouble().withOrigination(REF, CURRENT_ORIGINATION).withUsernames(REF, ['pbx-1']);
  const store = new DynamoDbChangeRequestStore(documentClient, tableName);
  const sealer = new KeySealer(Buffer.alloc(32, 3));
  const service = new ChangeEngine({
    store,
    voiceConnectors: chime,
    auditLog,
    clock,
    logger: createLogger('silent'),
    kinds: options.kinds ?? REGISTRY.changeKinds,
    sealer,
    approvalTtlMs: TTL_MS,
    applyLeaseMs: LEASE_MS,
    outcomeAuditAttempts: options.outcomeAuditAttempts ?? 2,
  });
  let submissions = 0;

  /** Files an origination change as the requester, from a form filled with what Chime shows now. */
  async function requestOrigination(proposal: Origination = PROPOSED_ORIGINATION): Promise<ChangeRequest> {
    submissions += 1;
    const current = await chime.getOrigination(REF);
    const { request } = await service.request(requester, {
      ref: REF,
      justification: 'Add the second SBC',
      beforeHash: originationHash(current),
      proposal: { kind: 'origination', origination: proposal },
      submissionKey: `view-${submissions}`,
    });
    return request;
  }

  async function requestCredentials(usernames: string[] = ['pbx-2']): Promise<ChangeRequest> {
    submissions += 1;
    const submissionKey = `view-${submissions}`;
    const current = await chime.listTerminationCredentialUsernames(REF);
    const sealedSecrets = await sealer.seal(
      usernames.map((username) => ({ username, password: PASSWORD })),
      submissionKey,
    );
    const { request } = await service.request(requester, {
      ref: REF,
      justification: 'New PBX trunk',
      beforeHash: credentialsHash({ usernames: current }),
      proposal: { kind: 'credentials', credentials: { usernames } },
      sealedSecrets,
      submissionKey,
    });
    return request;
  }

  /** The audit trail of one request, as `action outcome (reason)` lines an operator would read. */
  async function trail(id: string): Promise<string[]> {
    const entries = await auditLog.forChangeRequest(id);
    return entries.map((entry) => `${entry.action} ${entry.outcome}${entry.reason ? ` (${entry.reason})` : ''}`);
  }

  return { service, store, chime, clock, auditLog, tableName, requestOrigination, requestCredentials, trail };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('ChangeService: requests', () => {
  it('files a pending request and audits it with the before and proposed values', async () => {
    // Prepare
    const { service, requestOrigination, auditLog } = await createService();

    // Act
    const request = await requestOrigination();

    // Assess
    expect(request).toMatchObject({ status: 'pending', requesterId: REQUESTER, kind: 'origination' });
    expect(await service.openRequestId(CONNECTOR, 'origination')).toBe(request.id);
    expect(auditLog.entries).toEqual([
      expect.objectContaining({
        action: 'change.request',
        outcome: 'pending',
        changeRequestId: request.id,
        actorUserId: REQUESTER,
        before: { origination: CURRENT_ORIGINATION },
        after: { origination: PROPOSED_ORIGINATION },
        details: expect.objectContaining({ justification: 'Add the second SBC' }),
      }),
    ]);
  });

  it('hands a retried submission its own request back instead of refusing it', async () => {
    // Prepare
    const { service } = await createService();
    const input = {
      ref: REF,
      justification: 'Add the second SBC',
      beforeHash: originationHash(CURRENT_ORIGINATION),
      proposal: { kind: 'origination', origination: PROPOSED_ORIGINATION } as const,
      submissionKey: 'view-V1',
    };
    const first = await service.request(requester, input);

    // Act
    const retried = await service.request(requester, input);

    // Assess
    expect(first.created).toBe(true);
    expect(retried).toEqual({ request: first.request, created: false });
  });

  it('refuses a second open request for the connector, pointing at the first, and audits the refusal', async () => {
    // Prepare
    const { requestOrigination, trail } = await createService();
    const first = await requestOrigination();

    // Act
    const error = await rejection(
      requestOrigination({ ...PROPOSED_ORIGINATION, routes: PROPOSED_ORIGINATION.routes.slice(1) }),
    );

    // Assess
    expect(error).toBeInstanceOf(OpenChangeRequestExistsError);
    expect((error as OpenChangeRequestExistsError).existing.id).toBe(first.id);
    expect(error.message).toContain(first.id);
    expect(await trail(first.id)).toEqual(['change.request pending', 'change.request denied (already-open)']);
  });

  it('refuses a form filled from settings that have changed since', async () => {
    // Prepare
    const { service, chime, auditLog } = await createService();
    const staleHash = originationHash(CURRENT_ORIGINATION);
    chime.changeOriginationOutsideTheBot(REF, { ...CURRENT_ORIGINATION, disabled: true });

    // Act
    const error = await rejection(
      service.request(requester, {
        ref: REF,
        justification: 'x',
        beforeHash: staleHash,
        proposal: { kind: 'origination', origination: PROPOSED_ORIGINATION },
        submissionKey: 'view-V1',
      }),
    );

    // Assess
    expect(error).toBeInstanceOf(SnapshotMovedError);
    expect(auditLog.entries.map((entry) => `${entry.action} ${entry.outcome} ${entry.reason}`)).toEqual([
      'change.request denied stale-form',
    ]);
  });

  it('refuses a proposal identical to the current settings', async () => {
    // Prepare
    const { requestOrigination } = await createService();
    const sameInAnotherOrder: Origination = { ...CURRENT_ORIGINATION, routes: [...CURRENT_ORIGINATION.routes] };

    // Act
    const error = await rejection(requestOrigination(sameInAnotherOrder));

    // Assess
    expect(error).toBeInstanceOf(NothingToChangeError);
    expect(error.message).toBe('Nothing to change: the routes and the Disabled setting are the same as now.');
  });
});

describe('ChangeService: decisions', () => {
  it('refuses an approval by the requester, audits the refusal and leaves the request pending', async () => {
    // Prepare
    const { service, requestOrigination, trail } = await createService();
    const request = await requestOrigination();

    // Act
    const error = await rejection(service.approve(requester, request.id));

    // Assess
    expect(error).toBeInstanceOf(SelfApprovalError);
    expect(error.message).toBe('You asked for this change, so someone else has to approve it.');
    expect((await service.get(request.id))?.status).toBe('pending');
    expect(await trail(request.id)).toEqual(['change.request pending', 'change.approve denied (self-approval)']);
  });

  it('approves by someone else, recording who', async () => {
    // Prepare
    const { service, requestOrigination, trail } = await createService();
    const request = await requestOrigination();

    // Act
    const approved = await service.approve(approver, request.id);

    // Assess
    expect(approved).toMatchObject({ status: 'approved', approverId: APPROVER, approverName: 'Ada' });
    expect(await trail(request.id)).toEqual(['change.request pending', 'change.approve approved']);
  });

  it('tells a second approver it was already approved, and by whom', async () => {
    // Prepare
    const { service, requestOrigination } = await createService();
    const request = await requestOrigination();
    await service.approve(approver, request.id);

    // Act
    const error = await rejection(service.approve(secondApprover, request.id));

    // Assess
    expect(error).toBeInstanceOf(AlreadyDecidedError);
    expect(changeErrorText(error as AlreadyDecidedError)).toBe(
      `Change request ${request.id} was already approved by <@${APPROVER}>.`,
    );
  });

  it('rejects with a reason, ending the request and freeing the connector for a new one', async () => {
    // Prepare
    const { service, requestOrigination, trail, auditLog } = await createService();
    const request = await requestOrigination();

    // Act
    const rejected = await service.reject(approver, request.id, 'Wrong port for sbc2');

    // Assess
    expect(rejected).toMatchObject({ status: 'rejected', deciderId: APPROVER, reason: 'Wrong port for sbc2' });
    expect(await service.openRequestId(CONNECTOR, 'origination')).toBeUndefined();
    expect(await trail(request.id)).toEqual(['change.request pending', 'change.reject rejected']);
    expect(auditLog.entries.at(-1)?.details).toEqual({ reason: 'Wrong port for sbc2' });
  });

  it('tells the requester to cancel rather than reject their own request', async () => {
    // Prepare
    const { service, requestOrigination, trail } = await createService();
    const request = await requestOrigination();

    // Act
    const error = await rejection(service.reject(requester, request.id, 'changed my mind'));

    // Assess
    expect(error).toBeInstanceOf(SelfApprovalError);
    expect(error.message).toBe('You asked for this change: cancel it from your confirmation instead of rejecting it.');
    expect(await trail(request.id)).toEqual(['change.request pending', 'change.reject denied (self-approval)']);
  });

  it('lets only the requester cancel, and audits anyone else’s attempt', async () => {
    // Prepare
    const { service, requestOrigination, trail } = await createService();
    const request = await requestOrigination();

    // Act
    const refused = await rejection(service.cancel(approver, request.id));
    const cancelled = await service.cancel(requester, request.id);

    // Assess
    expect(refused).toBeInstanceOf(NotRequesterError);
    expect(refused.message).toBe('Only the person who asked for a change can cancel it.');
    expect(cancelled.status).toBe('cancelled');
    expect(await service.openRequestId(CONNECTOR, 'origination')).toBeUndefined();
    expect(await trail(request.id)).toEqual([
      'change.request pending',
      'change.cancel denied (not-requester)',
      'change.cancel cancelled',
    ]);
  });

  it('refuses to cancel a request that was already approved', async () => {
    // Prepare
    const { service, requestOrigination } = await createService();
    const request = await requestOrigination();
    await service.approve(approver, request.id);

    // Act
    const error = await rejection(service.cancel(requester, request.id));

    // Assess
    expect(error).toBeInstanceOf(AlreadyDecidedError);
    expect((await service.get(request.id))?.status).toBe('approved');
  });

  it('refuses to approve an expired request and marks it expired', async () => {
    // Prepare
    const { service, requestOrigination, clock, trail } = await createService();
    const request = await requestOrigination();
    clock.advance(TTL_MS);

    // Act
    const error = await rejection(service.approve(approver, request.id));

    // Assess
    expect(error).toBeInstanceOf(ChangeExpiredError);
    expect(error.message).toBe(`Change request ${request.id} expired before it was decided. Nothing was changed.`);
    expect((await service.get(request.id))?.status).toBe('expired');
    expect(await service.openRequestId(CONNECTOR, 'origination')).toBeUndefined();
    expect(await trail(request.id)).toEqual([
      'change.request pending',
      'change.approve denied (expired)',
      'change.expire expired',
    ]);
  });

  it('undoes an approval whose audit entry cannot be written, and throws', async () => {
    // Prepare
    const { service, requestOrigination, auditLog, trail } = await createService();
    const request = await requestOrigination();
    auditLog.failAppends();

    // Act
    const error = await rejection(service.approve(approver, request.id));

    // Assess
    expect(error).toBeInstanceOf(AuditUnavailableError);
    const after = await service.get(request.id);
    expect(after?.status).toBe('pending');
    expect(after?.approverId).toBeUndefined();
    auditLog.restoreAppends();
    expect(await trail(request.id)).toEqual(['change.request pending']);
    expect((await service.approve(approver, request.id)).status).toBe('approved');
  });

  it('undoes a rejection of a credentials change whose audit entry cannot be written, keeping its sealed passwords', async () => {
    // Prepare
    const { service, requestCredentials, auditLog, chime } = await createService();
    const request = await requestCredentials();
    auditLog.failAppends();

    // Act
    const error = await rejection(service.reject(approver, request.id, 'not now'));

    // Assess
    expect(error).toBeInstanceOf(AuditUnavailableError);
    const after = await service.get(request.id);
    expect(after).toMatchObject({ status: 'pending', sealedSecrets: request.sealedSecrets });
    expect(after?.deciderId).toBeUndefined();
    expect(after?.reason).toBeUndefined();
    auditLog.restoreAppends();
    await service.approve(approver, request.id);
    expect((await service.apply(request.id)).status).toBe('applied');
    expect(chime.credentialPuts.map((put) => put.credentials)).toEqual([[{ username: 'pbx-2', password: PASSWORD }]]);
  });
});

describe('ChangeService: apply', () => {
  it('applies an approved origination once and records the result', async () => {
    // Prepare
    const { service, requestOrigination, chime, trail, auditLog } = await createService();
    const request = await requestOrigination();
    await service.approve(approver, request.id);

    // Act
    const applied = await service.apply(request.id);
    const again = await service.apply(request.id);

    // Assess
    expect(applied).toMatchObject({ status: 'applied', after: PROPOSED_ORIGINATION, outcomeAudited: false });
    expect(again).toMatchObject({ status: 'applied', outcomeAudited: true });
    expect(chime.originationPuts).toHaveLength(1);
    expect(await chime.getOrigination(REF)).toEqual(PROPOSED_ORIGINATION);
    expect(await service.openRequestId(CONNECTOR, 'origination')).toBeUndefined();
    expect(await trail(request.id)).toEqual([
      'change.request pending',
      'change.approve approved',
      'change.apply applied',
    ]);
    expect(auditLog.entries.at(-1)).toMatchObject({
      actorUserId: 'system',
      before: { origination: CURRENT_ORIGINATION },
      after: { origination: PROPOSED_ORIGINATION },
      details: { approverId: APPROVER, requesterId: REQUESTER },
    });
  });

  it('claims the apply once: of two simultaneous applies, one Puts and the other is told it is in progress', async () => {
    // Prepare
    const { service, requestOrigination, chime } = await createService();
    const request = await requestOrigination();
    await service.approve(approver, request.id);
    const firstPutStarted = chime.holdPuts();

    // Act
    const applies = [service.apply(request.id), service.apply(request.id)];
    await firstPutStarted;
    // While the claimed Put is held, only the apply that lost the claim can finish.
    const loser = await Promise.race(
      applies.map((apply, index) =>
        apply.then(
          () => index,
          () => index,
        ),
      ),
    );
    const loserOutcome = (await Promise.allSettled([applies[loser]]))[0];
    chime.releasePuts();
    const winnerOutcome = await applies[1 - loser];

    // Assess
    expect(loserOutcome).toMatchObject({ status: 'rejected', reason: expect.any(ApplyInProgressError) });
    expect((loserOutcome as PromiseRejectedResult).reason.message).toBe(
      `Change request ${request.id} is being applied by another worker.`,
    );
    expect(winnerOutcome?.status).toBe('applied');
    expect(chime.originationPuts).toHaveLength(1);
  });

  it('marks the request stale and Puts nothing when the connector moved after the request', async () => {
    // Prepare
    const { service, requestOrigination, chime, trail } = await createService();
    const request = await requestOrigination();
    await service.approve(approver, request.id);
    const movedTo: Origination = { ...CURRENT_ORIGINATION, disabled: true };
    chime.changeOriginationOutsideTheBot(REF, movedTo);

    // Act
    const stale = await service.apply(request.id);

    // Assess
    expect(stale).toMatchObject({
      status: 'stale',
      errorMessage: 'The connector changed after this request was made; nothing was applied.',
    });
    expect(chime.originationPuts).toHaveLength(0);
    expect(await chime.getOrigination(REF)).toEqual(movedTo);
    expect(await trail(request.id)).toEqual([
      'change.request pending',
      'change.approve approved',
      'change.apply stale',
    ]);
  });

  it('records a 5xx on the Put as applied when the connector now matches the request', async () => {
    // Prepare
    const { service, requestOrigination, chime, trail } = await createService();
    const request = await requestOrigination();
    await service.approve(approver, request.id);
    chime.failNextPut({ error: chime.unavailable('PutVoiceConnectorOrigination', REF), landed: true });

    // Act
    const applied = await service.apply(request.id);

    // Assess
    expect(applied).toMatchObject({
      status: 'applied',
      errorMessage: 'Chime answered ServiceFailureException, but the connector now matches the request.',
    });
    expect(chime.originationPuts).toHaveLength(1);
    expect(await trail(request.id)).toContain('change.apply applied');
  });

  it('records a 5xx on the Put as failed, with AWS’s error, when the connector does not show the change', async () => {
    // Prepare
    const { service, requestOrigination, chime, trail } = await createService();
    const request = await requestOrigination();
    await service.approve(approver, request.id);
    chime.failNextPut({ error: chime.unavailable('PutVoiceConnectorOrigination', REF), landed: false });

    // Act
    const failed = await service.apply(request.id);

    // Assess
    expect(failed).toMatchObject({ status: 'failed', errorName: 'ServiceFailureException' });
    expect(chime.originationPuts).toHaveLength(1);
    expect(await trail(request.id)).toContain('change.apply failed');
  });

  it('records a refused Put as failed with AWS’s message, and does not try again', async () => {
    // Prepare
    const { service, requestOrigination, chime } = await createService();
    const request = await requestOrigination();
    await service.approve(approver, request.id);
    const badRequest = new ChimeBadRequestError('Chime rejected PutVoiceConnectorOrigination: Invalid host.', {
      operation: 'PutVoiceConnectorOrigination',
      region: 'us-east-1',
      voiceConnectorId: CONNECTOR,
      awsErrorName: 'BadRequestException',
      awsMessage: 'Invalid host.',
    });
    chime.failNextPut({ error: badRequest, landed: false });

    // Act
    const failed = await service.apply(request.id);
    const again = await service.apply(request.id);

    // Assess
    expect(failed).toMatchObject({
      status: 'failed',
      errorName: 'BadRequestException',
      errorMessage: 'Chime rejected PutVoiceConnectorOrigination: Invalid host.',
    });
    expect(again.status).toBe('failed');
    expect(chime.originationPuts).toHaveLength(1);
  });

  describe('an apply interrupted after its claim', () => {
    async function claimedByADeadWorker() {
      const setup = await createService();
      const request = await setup.requestOrigination();
      await setup.service.approve(approver, request.id);
      await setup.store.transition(request.id, {
        from: ['approved'],
        to: 'applying',
        set: { claimToken: 'dead-worker', claimedAt: setup.clock.now() },
        now: setup.clock.now(),
      });
      return { ...setup, request };
    }

    it('is left alone while the claim’s lease runs', async () => {
      // Prepare
      const { service, request, clock, chime } = await claimedByADeadWorker();
      clock.advance(LEASE_MS - 1);

      // Act
      const error = await rejection(service.apply(request.id));

      // Assess
      expect(error).toBeInstanceOf(ApplyInProgressError);
      expect((await service.get(request.id))?.status).toBe('applying');
      expect(chime.originationPuts).toHaveLength(0);
    });

    it('resolves to applied, without a second Put, when the connector shows the proposal', async () => {
      // Prepare
      const { service, request, clock, chime, trail } = await claimedByADeadWorker();
      chime.changeOriginationOutsideTheBot(REF, PROPOSED_ORIGINATION); // the dead worker's Put landed
      clock.advance(LEASE_MS);

      // Act
      const resolved = await service.apply(request.id);

      // Assess
      expect(resolved.status).toBe('applied');
      expect(chime.originationPuts).toHaveLength(0);
      expect(await trail(request.id)).toContain('change.apply applied');
    });

    it('resolves to failed with "outcome unknown", without a Put, when the connector does not show it', async () => {
      // Prepare
      const { service, request, clock, chime, trail } = await claimedByADeadWorker();
      clock.advance(LEASE_MS);

      // Act
      const resolved = await service.apply(request.id);

      // Assess
      expect(resolved).toMatchObject({
        status: 'failed',
        errorName: 'OutcomeUnknown',
        errorMessage:
          'The apply was interrupted and the connector does not show the requested values: outcome unknown, check and resubmit.',
      });
      expect(chime.originationPuts).toHaveLength(0);
      expect(await chime.getOrigination(REF)).toEqual(CURRENT_ORIGINATION);
      expect(await trail(request.id)).toContain('change.apply failed');
    });
  });

  it('keeps an outcome it could not audit on the request, throws, and audits it on the next apply without a second Put', async () => {
    // Prepare
    const { service, requestOrigination, chime, auditLog, trail } = await createService();
    const request = await requestOrigination();
    await service.approve(approver, request.id);
    auditLog.failAppends();

    // Act
    const error = await rejection(service.apply(request.id));
    const whileDown = await service.get(request.id);
    auditLog.restoreAppends();
    const redelivered = await service.apply(request.id);

    // Assess
    expect(error).toBeInstanceOf(AuditUnavailableError);
    expect(whileDown).toMatchObject({ status: 'applied', outcomeAudited: false });
    expect(redelivered.status).toBe('applied');
    expect((await service.get(request.id))?.outcomeAudited).toBe(true);
    expect(chime.originationPuts).toHaveLength(1);
    expect(await trail(request.id)).toEqual([
      'change.request pending',
      'change.approve approved',
      'change.apply applied',
    ]);
  });

  it('applies credentials with the unsealed passwords, then drops them; no audit entry holds a password', async () => {
    // Prepare
    const { service, requestCredentials, chime, auditLog, trail } = await createService();
    const request = await requestCredentials(['pbx-1', 'pbx-2']);
    await service.approve(approver, request.id);

    // Act
    const applied = await service.apply(request.id);

    // Assess
    expect(chime.credentialPuts.map((put) => put.credentials)).toEqual([
      [
        { username: 'pbx-1', password: PASSWORD },
        { username: 'pbx-2', password: PASSWORD },
      ],
    ]);
    expect(applied.status).toBe('applied');
    expect(applied.sealedSecrets).toBeUndefined();
    expect(await trail(request.id)).toEqual([
      'change.request pending',
      'change.approve approved',
      'change.apply applied',
    ]);
    expect(auditLog.entries[0]?.after).toEqual({
      usernames: ['pbx-1', 'pbx-2'],
      added: ['pbx-2'],
      replaced: ['pbx-1'],
    });
    expect(JSON.stringify(auditLog.entries)).not.toContain(PASSWORD);
  });
});

describe('ChangeService: write order under failure and races', () => {
  it('audits only the winner of two simultaneous submissions as pending', async () => {
    // Prepare
    const { service, chime, auditLog } = await createService();
    const current = await chime.getOrigination(REF);
    const submit = (key: string) =>
      service.request(requester, {
        ref: REF,
        justification: 'race',
        beforeHash: originationHash(current),
        proposal: { kind: 'origination', origination: PROPOSED_ORIGINATION },
        submissionKey: key,
      });

    // Act
    const outcomes = await Promise.allSettled([submit('view-a'), submit('view-b')]);

    // Assess
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    expect(won).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')?.reason).toBeInstanceOf(
      OpenChangeRequestExistsError,
    );
    const pending = auditLog.entries.filter(
      (entry) => entry.action === 'change.request' && entry.outcome === 'pending',
    );
    expect(pending).toHaveLength(1);
  });

  it('discards a request whose audit entry cannot be written, so a new one can be made', async () => {
    // Prepare
    const { service, auditLog, requestOrigination } = await createService();
    auditLog.failAppends();

    // Act
    const error = await rejection(requestOrigination());

    // Assess
    expect(error).toBeInstanceOf(AuditUnavailableError);
    expect(await service.openRequestId(CONNECTOR, 'origination')).toBeUndefined();
    auditLog.restoreAppends();
    const next = await requestOrigination();
    expect(next.status).toBe('pending');
  });

  it('fails a credentials apply whose passwords cannot be unsealed, without calling Chime', async () => {
    // Prepare
    const { service, tableName, chime, requestCredentials, trail } = await createService();
    const request = await requestCredentials();
    await service.approve(approver, request.id);
    // The sealed value no longer matches its request (e.g. the key was rotated).
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: `request#${request.id}` },
        UpdateExpression: 'SET sealedSecrets = :bad',
        ExpressionAttributeValues: { ':bad': 'v1.AAAA.BBBB.CCCC' },
      }),
    );

    // Act
    const applied = await service.apply(request.id);

    // Assess
    expect(applied.status).toBe('failed');
    expect(applied.errorMessage).toMatch(/could not be decrypted/);
    expect(chime.credentialPuts).toHaveLength(0);
    expect(await trail(request.id)).toContain('change.apply failed');
  });
});

describe('ChangeService: the sweep', () => {
  it('writes an outcome that could not be audited at the time, once', async () => {
    // Prepare: the apply lands while the audit log is down.
    const { service, auditLog, requestOrigination, trail } = await createService();
    const request = await requestOrigination();
    await service.approve(approver, request.id);
    auditLog.failAppends();
    await rejection(service.apply(request.id));
    auditLog.restoreAppends();

    // Act
    await service.sweep();
    await service.sweep();

    // Assess
    expect(await trail(request.id)).toEqual([
      'change.request pending',
      'change.approve approved',
      'change.apply applied',
    ]);
    expect((await service.get(request.id))?.outcomeAudited).toBe(true);
  });

  it('leaves a fresh claim alone and resolves one whose lease has run out, without a second Put', async () => {
    const { service, store, chime, clock, requestOrigination } = await createService();
    const request = await requestOrigination();
    await service.approve(approver, request.id);
    await store.transition(request.id, {
      from: ['approved'],
      to: 'applying',
      set: { claimToken: 'dead-worker', claimedAt: clock.now() },
      now: clock.now(),
    });

    expect(await service.sweep()).toEqual([]);
    clock.advance(LEASE_MS + 1);
    const ended = await service.sweep();

    expect(ended.map((ended) => [ended.id, ended.status])).toEqual([[request.id, 'failed']]);
    expect(ended[0]?.errorMessage).toMatch(/outcome unknown/);
    expect(chime.originationPuts).toHaveLength(0);
  });
});

describe('ChangeService: expiry and revert', () => {
  it('marks overdue pending requests expired in the sweep, and audits each', async () => {
    // Prepare
    const { service, requestOrigination, requestCredentials, clock, trail } = await createService();
    const overdue = await requestOrigination();
    clock.advance(TTL_MS / 2);
    const notYet = await requestCredentials();
    clock.advance(TTL_MS / 2 + 1);

    // Act
    const expired = await service.expireDue();

    // Assess
    expect(expired.map((request) => request.id)).toEqual([overdue.id]);
    expect((await service.get(notYet.id))?.status).toBe('pending');
    expect(await trail(overdue.id)).toEqual(['change.request pending', 'change.expire expired']);
  });

  it('reverts an applied change from the before value in the audit log, even after the request is gone', async () => {
    // Prepare
    const { service, requestOrigination, chime, tableName } = await createService();
    const original = await requestOrigination();
    await service.approve(approver, original.id);
    await service.apply(original.id);
    // The change table's TTL removes ended requests: the audit log is all that is left.
    await documentClient.send(new DeleteCommand({ TableName: tableName, Key: { pk: `request#${original.id}` } }));

    // Act
    const { request: revert, created } = await service.revert(requester, original.id, 'view-revert');
    await service.approve(approver, revert.id);
    const applied = await service.apply(revert.id);

    // Assess
    expect(created).toBe(true);
    expect(revert).toMatchObject({
      status: 'pending',
      revertOf: original.id,
      justification: `Revert of ${original.id}`,
      before: { kind: 'origination', origination: PROPOSED_ORIGINATION },
      proposed: { kind: 'origination', origination: CURRENT_ORIGINATION },
    });
    expect(applied.status).toBe('applied');
    expect(await chime.getOrigination(REF)).toEqual(CURRENT_ORIGINATION);
    expect(chime.originationPuts.map((put) => put.origination)).toEqual([PROPOSED_ORIGINATION, CURRENT_ORIGINATION]);
  });

  it('refuses to revert a request that was never applied, and audits the refusal', async () => {
    // Prepare
    const { service, requestOrigination, trail } = await createService();
    const pending = await requestOrigination();

    // Act
    const error = await rejection(service.revert(approver, pending.id, 'view-revert'));

    // Assess
    expect(error).toBeInstanceOf(NotRevertibleError);
    expect(error.message).toBe(
      `Change request ${pending.id} has no applied origination or termination in the audit log to revert.`,
    );
    expect(await trail(pending.id)).toEqual(['change.request pending', 'change.request denied (not-revertible)']);
  });
});

describe('ChangeService: risks', () => {
  /** Origination with a risk the test sets: the guardrails find whatever `found` holds when asked. */
  function probeKinds(found: { risks: Risk[] }): ChangeKinds {
    const origination = REGISTRY.changeKinds.get('origination') as ChangeKind;
    return new Map([['origination', { ...origination, assessRisks: async () => found.risks }]]);
  }
  const OUTAGE: Risk = { code: 'inbound-outage', level: 'high', summary: 'All inbound calls are refused.' };
  const LOCK_OUT: Risk = { code: 'lock-out', level: 'high', summary: 'The PBX would be blocked.' };

  it('keeps the risks found when the request is made, and audits them with it', async () => {
    // Prepare
    const { requestOrigination, auditLog } = await createService({ kinds: probeKinds({ risks: [OUTAGE] }) });

    // Act
    const request = await requestOrigination();

    // Assess
    expect(request.risks).toEqual([OUTAGE]);
    expect(auditLog.entries.at(-1)?.details).toMatchObject({ risks: [OUTAGE] });
  });

  it('approves a request with a high risk only when the approver acknowledged it', async () => {
    // Prepare
    const { service, requestOrigination, trail } = await createService({ kinds: probeKinds({ risks: [OUTAGE] }) });
    const request = await requestOrigination();

    // Act
    const refused = await rejection(service.approve(approver, request.id));
    const approved = await service.approve(approver, request.id, 'click-2', ['inbound-outage']);

    // Assess
    expect(refused).toBeInstanceOf(RisksNotAcknowledgedError);
    expect(refused.message).toContain('Approve despite risks');
    expect(approved.status).toBe('approved');
    expect(await trail(request.id)).toEqual([
      'change.request pending',
      'change.approve denied (risks-not-acknowledged)',
      'change.approve approved',
    ]);
  });

  it('applies nothing when a high risk nobody approved appears before the apply, and says why', async () => {
    // Prepare
    const found = { risks: [] as Risk[] };
    const { service, requestOrigination, chime, auditLog } = await createService({ kinds: probeKinds(found) });
    const request = await requestOrigination();
    await service.approve(approver, request.id);
    found.risks = [LOCK_OUT];

    // Act
    const applied = await service.apply(request.id);

    // Assess
    expect(applied).toMatchObject({ status: 'stale', errorName: 'UnapprovedRisk' });
    expect(applied.errorMessage).toContain('The PBX would be blocked.');
    expect(chime.originationPuts).toHaveLength(0);
    expect(auditLog.entries.at(-1)).toMatchObject({
      action: 'change.apply',
      outcome: 'stale',
      errorName: 'UnapprovedRisk',
    });
  });

  it('applies when the risks found before the apply are those the approver saw', async () => {
    // Prepare
    const found = { risks: [OUTAGE] };
    const { service, requestOrigination, chime, auditLog } = await createService({ kinds: probeKinds(found) });
    const request = await requestOrigination();
    await service.approve(approver, request.id, 'click-1', ['inbound-outage']);

    // Act
    const applied = await service.apply(request.id);

    // Assess
    expect(applied.status).toBe('applied');
    expect(chime.originationPuts).toHaveLength(1);
    expect(auditLog.entries.at(-1)?.details).toMatchObject({ risks: [OUTAGE] });
  });
});
