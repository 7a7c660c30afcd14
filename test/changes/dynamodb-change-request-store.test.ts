import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { ChangeRequest } from '../../src/changes/change-request';
import { OpenRequestLockedError, TransitionConflictError } from '../../src/changes/change-request-store';
import { changesTableDefinition, DynamoDbChangeRequestStore } from '../../src/changes/dynamodb-change-request-store';
import { ensureTables } from '../../src/storage/ensure-tables';
import {
  APPROVER,
  CONNECTOR,
  credentialsRequest,
  NOW,
  OTHER_CONNECTOR,
  originationRequest,
  REQUESTER,
  TTL_MS,
} from '../support/change-fixtures';
import { type DynamoDbTestEngine, describeEachDynamoDbEngine, uniqueTableName } from '../support/dynamodb';

async function createStore(engine: DynamoDbTestEngine) {
  const tableName = uniqueTableName('changes');
  await ensureTables(engine.client(), [changesTableDefinition(tableName)]);
  const documentClient = engine.documentClient();
  return { store: new DynamoDbChangeRequestStore(documentClient, tableName), documentClient, tableName };
}

/** The item as DynamoDB holds it, not as the store reads it. */
async function rawItem(documentClient: DynamoDBDocumentClient, tableName: string, id: string) {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: { pk: `request#${id}` }, ConsistentRead: true }),
  );
  return Item;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describeEachDynamoDbEngine('DynamoDbChangeRequestStore', (engine) => {
  it('stores a request and reads it back as it was', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const request = credentialsRequest({ message: { channelId: 'C0APPROVALS', ts: '1732352400.000100' } });

    // Act
    await store.create(request);
    const read = await store.get(request.id);

    // Assess
    expect(read).toEqual(request);
    expect(await store.openRequestId(CONNECTOR, 'credentials', NOW)).toBe(request.id);
  });

  it('reads an unknown id as undefined', async () => {
    // Prepare
    const { store } = await createStore(engine);

    // Act
    const read = await store.get('CR-00000000');

    // Assess
    expect(read).toBeUndefined();
  });

  it('refuses a second open request for the same connector and kind, naming the first', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const first = originationRequest();
    await store.create(first);
    const second = originationRequest({ createdAt: NOW + 1000 });

    // Act
    const error = await rejection(store.create(second));

    // Assess
    expect(error).toBeInstanceOf(OpenRequestLockedError);
    expect((error as OpenRequestLockedError).openRequestId).toBe(first.id);
    expect((error as Error).message).toBe(`change request ${first.id} is still open`);
    expect(await store.get(second.id)).toBeUndefined();
  });

  it('lets another kind, or another connector, have its own open request', async () => {
    // Prepare
    const { store } = await createStore(engine);
    await store.create(originationRequest());

    // Act
    const otherKind = credentialsRequest();
    const otherConnector = originationRequest({ voiceConnectorId: OTHER_CONNECTOR });
    await store.create(otherKind);
    await store.create(otherConnector);

    // Assess
    expect(await store.openRequestId(CONNECTOR, 'credentials', NOW)).toBe(otherKind.id);
    expect(await store.openRequestId(OTHER_CONNECTOR, 'origination', NOW)).toBe(otherConnector.id);
  });

  it('is not blocked by the lock of a request that ended but was never released', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const ended = originationRequest();
    await store.create(ended);
    await store.transition(ended.id, { from: ['pending'], to: 'rejected', now: NOW + 1000 });
    const next = originationRequest({ createdAt: NOW + 2000 });

    // Act
    await store.create(next);

    // Assess
    expect(await store.openRequestId(CONNECTOR, 'origination', NOW + 2000)).toBe(next.id);
  });

  it('is not blocked by the lock of a request past its expiry', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const overdue = originationRequest();
    await store.create(overdue);
    const later = NOW + TTL_MS + 1;
    const next = originationRequest({ createdAt: later, updatedAt: later, expiresAt: later + TTL_MS });

    // Act
    await store.create(next);

    // Assess
    expect(await store.openRequestId(CONNECTOR, 'origination', later)).toBe(next.id);
  });

  it('reports no open request once the lock is released, or once the request has expired', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const released = originationRequest();
    const expiring = credentialsRequest();
    await store.create(released);
    await store.create(expiring);

    // Act
    await store.transition(released.id, { from: ['pending'], to: 'cancelled', now: NOW + 1 });
    await store.releaseLock(released);

    // Assess
    expect(await store.openRequestId(CONNECTOR, 'origination', NOW + 2)).toBeUndefined();
    expect(await store.openRequestId(CONNECTOR, 'credentials', NOW + 2)).toBe(expiring.id);
    expect(await store.openRequestId(CONNECTOR, 'credentials', NOW + TTL_MS + 1)).toBeUndefined();
  });

  it('does not release a lock that another request holds', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const holder = originationRequest();
    await store.create(holder);

    // Act
    await store.releaseLock({ id: 'CR-11111111', voiceConnectorId: CONNECTOR, kind: 'origination' });

    // Assess
    expect(await store.openRequestId(CONNECTOR, 'origination', NOW)).toBe(holder.id);
  });

  it('makes a transition from an expected status, setting and removing attributes', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const request = originationRequest();
    await store.create(request);

    // Act
    const approved = await store.transition(request.id, {
      from: ['pending'],
      to: 'approved',
      notRequester: APPROVER,
      set: { approverId: APPROVER, approverName: 'Ada Approver' },
      remove: ['channelId'],
      now: NOW + 5000,
    });

    // Assess
    expect(approved).toEqual({
      ...request,
      status: 'approved',
      approverId: APPROVER,
      approverName: 'Ada Approver',
      channelId: undefined,
      updatedAt: NOW + 5000,
    });
    expect(await store.get(request.id)).toEqual(approved);
  });

  it('refuses a transition from another status, handing back the request as it is', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const request = originationRequest();
    await store.create(request);
    await store.transition(request.id, {
      from: ['pending'],
      to: 'rejected',
      set: { deciderId: APPROVER },
      now: NOW + 1,
    });

    // Act
    const error = await rejection(store.transition(request.id, { from: ['pending'], to: 'approved', now: NOW + 2 }));

    // Assess
    expect(error).toBeInstanceOf(TransitionConflictError);
    expect((error as TransitionConflictError).current).toMatchObject({ id: request.id, status: 'rejected' });
    expect((error as Error).message).toBe('change request is rejected');
  });

  it('refuses a transition by the requester when the actor must not be the requester', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const request = originationRequest();
    await store.create(request);

    // Act
    const error = await rejection(
      store.transition(request.id, { from: ['pending'], to: 'approved', notRequester: REQUESTER, now: NOW + 1 }),
    );

    // Assess
    expect(error).toBeInstanceOf(TransitionConflictError);
    expect((error as TransitionConflictError).current?.status).toBe('pending');
  });

  it('lets only the holder of the apply claim finish the apply', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const request = originationRequest();
    await store.create(request);
    await store.transition(request.id, { from: ['pending'], to: 'approved', now: NOW + 1 });
    await store.transition(request.id, {
      from: ['approved'],
      to: 'applying',
      set: { claimToken: 'claim-a', claimedAt: NOW + 2 },
      now: NOW + 2,
    });

    // Act
    const stranger = await rejection(
      store.transition(request.id, { from: ['applying'], to: 'applied', claimToken: 'claim-b', now: NOW + 3 }),
    );
    const holder = await store.transition(request.id, {
      from: ['applying'],
      to: 'applied',
      claimToken: 'claim-a',
      now: NOW + 4,
    });

    // Assess
    expect(stranger).toBeInstanceOf(TransitionConflictError);
    expect(holder.status).toBe('applied');
  });

  it('refuses a transition of a request that does not exist', async () => {
    // Prepare
    const { store } = await createStore(engine);

    // Act
    const error = await rejection(store.transition('CR-00000000', { from: ['pending'], to: 'approved', now: NOW }));

    // Assess
    expect(error).toBeInstanceOf(TransitionConflictError);
    expect((error as TransitionConflictError).current).toBeUndefined();
    expect((error as Error).message).toBe('change request is gone');
  });

  it('lets exactly one of 20 simultaneous approvals win; the others learn who did', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const request = originationRequest();
    await store.create(request);
    const approvers = Array.from({ length: 20 }, (_, index) => `U0APPROVER${index}`);

    // Act
    const outcomes = await Promise.allSettled(
      approvers.map((approverId) =>
        store.transition(request.id, {
          from: ['pending'],
          to: 'approved',
          notRequester: approverId,
          set: { approverId },
          now: NOW + 1,
        }),
      ),
    );

    // Assess
    const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const losers = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(winners).toHaveLength(1);
    const winner = (winners[0] as PromiseFulfilledResult<ChangeRequest>).value;
    expect(losers).toHaveLength(19);
    for (const loser of losers) {
      expect(loser.reason).toBeInstanceOf(TransitionConflictError);
      expect((loser.reason as TransitionConflictError).current).toMatchObject({
        status: 'approved',
        approverId: winner.approverId,
      });
    }
    expect(await store.get(request.id)).toMatchObject({ status: 'approved', approverId: winner.approverId });
  });

  it('keeps the sealed credentials while the request is open and removes them from the item when it ends', async () => {
    // Prepare
    const { store, documentClient, tableName } = await createStore(engine);
    const request = credentialsRequest();
    await store.create(request);

    // Act
    await store.transition(request.id, { from: ['pending'], to: 'approved', now: NOW + 1 });
    const whileApproved = await rawItem(documentClient, tableName, request.id);
    await store.transition(request.id, {
      from: ['approved'],
      to: 'applying',
      set: { claimToken: 'claim', claimedAt: NOW + 2 },
      now: NOW + 2,
    });
    const finished = await store.transition(request.id, {
      from: ['applying'],
      to: 'failed',
      claimToken: 'claim',
      set: { errorName: 'BadRequestException' },
      now: NOW + 3,
    });
    const afterwards = await rawItem(documentClient, tableName, request.id);

    // Assess
    expect(whileApproved?.sealedSecrets).toBe(request.sealedSecrets);
    expect(finished.sealedSecrets).toBeUndefined();
    expect(afterwards).toBeDefined();
    expect(afterwards).not.toHaveProperty('sealedSecrets');
    expect(afterwards?.status).toBe('failed');
  });

  it.each(['rejected', 'cancelled', 'expired'] as const)(
    'removes the sealed credentials when a pending request is %s',
    async (status) => {
      // Prepare
      const { store, documentClient, tableName } = await createStore(engine);
      const request = credentialsRequest();
      await store.create(request);

      // Act
      await store.transition(request.id, { from: ['pending'], to: status, now: NOW + 1 });

      // Assess
      expect(await rawItem(documentClient, tableName, request.id)).not.toHaveProperty('sealedSecrets');
    },
  );

  it('lists only overdue pending requests, oldest first, up to the limit', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const oldest = originationRequest({ expiresAt: NOW + 1000 });
    const older = credentialsRequest({ expiresAt: NOW + 2000 });
    const overdueButApproved = originationRequest({ voiceConnectorId: OTHER_CONNECTOR, expiresAt: NOW + 500 });
    const notYetDue = credentialsRequest({ voiceConnectorId: OTHER_CONNECTOR, expiresAt: NOW + 10_000 });
    for (const request of [older, notYetDue, oldest, overdueButApproved]) await store.create(request);
    await store.transition(overdueButApproved.id, { from: ['pending'], to: 'approved', now: NOW + 1 });

    // Act
    const due = await store.expiredPending(NOW + 5000, 10);
    const first = await store.expiredPending(NOW + 5000, 1);

    // Assess
    expect(due.map((request) => request.id)).toEqual([oldest.id, older.id]);
    expect(first.map((request) => request.id)).toEqual([oldest.id]);
  });

  it('finds pending requests through the sparse index: an item outside it is not scanned for', async () => {
    // Prepare
    const { store, documentClient, tableName } = await createStore(engine);
    const indexed = originationRequest({ expiresAt: NOW + 1000 });
    await store.create(indexed);
    const outsideIndex = originationRequest({ voiceConnectorId: OTHER_CONNECTOR, expiresAt: NOW + 1000 });
    await documentClient.send(
      new PutCommand({ TableName: tableName, Item: { ...outsideIndex, pk: `request#${outsideIndex.id}` } }),
    );

    // Act
    const due = await store.expiredPending(NOW + 5000, 10);

    // Assess
    expect(due.map((request) => request.id)).toEqual([indexed.id]);
  });

  it('puts a request back in the pending index when a decision is undone', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const request = originationRequest({ expiresAt: NOW + 1000 });
    await store.create(request);
    await store.transition(request.id, { from: ['pending'], to: 'approved', set: { approverId: APPROVER }, now: NOW });

    // Act
    await store.transition(request.id, { from: ['approved'], to: 'pending', remove: ['approverId'], now: NOW + 1 });

    // Assess
    expect((await store.expiredPending(NOW + 5000, 10)).map((due) => due.id)).toEqual([request.id]);
    expect((await store.get(request.id))?.approverId).toBeUndefined();
  });

  it('annotates a request with its Slack message without changing its status', async () => {
    // Prepare
    const { store } = await createStore(engine);
    const request = originationRequest();
    await store.create(request);

    // Act
    await store.annotate(request.id, { message: { channelId: 'C0APPROVALS', ts: '1.2' } });

    // Assess
    expect(await store.get(request.id)).toEqual({ ...request, message: { channelId: 'C0APPROVALS', ts: '1.2' } });
  });

  it('refuses to annotate a request that does not exist', async () => {
    // Prepare
    const { store } = await createStore(engine);

    // Act
    const error = await rejection(store.annotate('CR-00000000', { message: { channelId: 'C0APPROVALS', ts: '1.2' } }));

    // Assess
    expect(error).toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('gives the right to audit an outcome to one claimant at a time, and lists unaudited requests until then', async () => {
    // Prepare: an applied request whose outcome is not in the audit log yet.
    const { store } = await createStore(engine);
    const request = originationRequest();
    await store.create(request);
    await store.transition(request.id, { from: ['pending'], to: 'approved', now: NOW + 1 });
    await store.transition(request.id, { from: ['approved'], to: 'applying', now: NOW + 2 });
    await store.transition(request.id, {
      from: ['applying'],
      to: 'applied',
      set: { outcomeAudited: false },
      now: NOW + 3,
    });

    // Act
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => store.claimOutcomeAudit(request.id, NOW + 4, 30_000)),
    );
    const listed = await store.inFlight('unaudited', 10);
    const takeOverTooSoon = await store.claimOutcomeAudit(request.id, NOW + 5, 30_000);
    const takeOverLater = await store.claimOutcomeAudit(request.id, NOW + 40_000, 30_000);
    await store.settleOutcomeAudit(request.id, true);

    // Assess
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(listed.map((found) => found.id)).toEqual([request.id]);
    expect([takeOverTooSoon, takeOverLater]).toEqual([false, true]);
    expect(await store.inFlight('unaudited', 10)).toEqual([]);
    expect(await store.claimOutcomeAudit(request.id, NOW + 50_000, 30_000)).toBe(false);
    expect((await store.get(request.id))?.outcomeAudited).toBe(true);
  });

  it('lists approved and applying requests for the sweep, and only while they are', async () => {
    const { store } = await createStore(engine);
    const approved = originationRequest();
    const applying = originationRequest({ voiceConnectorId: OTHER_CONNECTOR });
    await store.create(approved);
    await store.create(applying);
    await store.transition(approved.id, { from: ['pending'], to: 'approved', now: NOW + 1 });
    await store.transition(applying.id, { from: ['pending'], to: 'approved', now: NOW + 1 });
    await store.transition(applying.id, {
      from: ['approved'],
      to: 'applying',
      set: { claimedAt: NOW + 2 },
      now: NOW + 2,
    });

    expect((await store.inFlight('approved', 10)).map((found) => found.id)).toEqual([approved.id]);
    expect((await store.inFlight('applying', 10)).map((found) => found.id)).toEqual([applying.id]);
    expect(await store.expiredPending(NOW + TTL_MS + 1, 10)).toEqual([]);
  });

  it('validates items on read: a malformed item is refused, not trusted', async () => {
    // Prepare
    const { store, documentClient, tableName } = await createStore(engine);
    const request = originationRequest();
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...request, pk: `request#${request.id}`, status: 'done', region: 'us-east-2' },
      }),
    );

    // Act
    const error = await rejection(store.get(request.id));

    // Assess
    expect(error).toBeInstanceOf(ZodError);
    expect((error as ZodError).issues.map((issue) => issue.path.join('.')).sort()).toEqual(['region', 'status']);
  });
});
