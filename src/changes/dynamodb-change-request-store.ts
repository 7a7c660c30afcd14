import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { payPerRequestTable } from '../storage/table-definition';
import { type ChangeRequest, isFinal } from './change-request';
import { ChangeRequestSchema } from './change-request-schema';
import {
  type ChangeRequestStore,
  OpenRequestLockedError,
  TransitionConflictError,
  type TransitionInput,
} from './change-request-store';

/** Requests stay in the table this long after they expire, then DynamoDB's TTL removes them. */
const RETENTION_SECONDS = 30 * 24 * 3600;
const OPEN_INDEX = 'open-by-expiry';

/**
 * The change table: `pk` is `request#<id>` for a request and `open#<connector>#<kind>` for the
 * lock that keeps one open request per connector and kind. A request the bot still has work on
 * carries `openStatus` (`pending`, `approved`, `applying`, or `unaudited` for a finished request
 * whose outcome is not in the audit log yet): a sparse GSI keyed by expiry, so every sweep is a
 * Query, never a Scan.
 * `ttl` (epoch seconds) lets DynamoDB clean up long after the bot has ended a request.
 */
export function changesTableDefinition(tableName: string): CreateTableCommandInput {
  return payPerRequestTable(tableName, {
    attributes: { pk: 'S', openStatus: 'S', expiresAt: 'N' },
    key: { partition: 'pk' },
    indexes: [{ name: OPEN_INDEX, key: { partition: 'openStatus', sort: 'expiresAt' }, projection: 'KEYS_ONLY' }],
  });
}

/**
 * Items are validated on read: the table is a trust boundary like any other. The item is the
 * change request itself (its schema, declared once in `change-request.ts`) plus the table's own
 * attributes. Items written before change kinds were modules keep two older names, read here:
 * `sealedCredentials` (now `sealedSecrets`) and a credentials request's `afterUsernames` (now its
 * kind's `after`, `{ usernames }`).
 */
const ChangeRequestItemSchema = z.preprocess((item) => {
  if (typeof item !== 'object' || item === null) return item;
  const {
    sealedCredentials,
    afterUsernames,
    pk: _pk,
    openStatus: _open,
    ttl: _ttl,
    ...rest
  } = item as Record<string, unknown>;
  return {
    ...rest,
    ...(rest.sealedSecrets === undefined && sealedCredentials !== undefined
      ? { sealedSecrets: sealedCredentials }
      : {}),
    ...(rest.after === undefined && afterUsernames !== undefined ? { after: { usernames: afterUsernames } } : {}),
  };
}, ChangeRequestSchema);

export class DynamoDbChangeRequestStore implements ChangeRequestStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(request: ChangeRequest): Promise<void> {
    await this.takeLock(request);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...request,
          pk: requestKey(request.id),
          openStatus: 'pending',
          ttl: Math.ceil(request.expiresAt / 1000) + RETENTION_SECONDS,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  private async takeLock(request: ChangeRequest): Promise<void> {
    const key = lockKey(request.voiceConnectorId, request.kind);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: {
              pk: key,
              requestId: request.id,
              expiresAt: request.expiresAt,
              ttl: Math.ceil(request.expiresAt / 1000) + RETENTION_SECONDS,
            },
            // A lock past its request's expiry no longer blocks anyone.
            ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
            ExpressionAttributeValues: { ':now': request.createdAt },
          }),
        );
        return;
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        const holder = await this.lockHolder(request.voiceConnectorId, request.kind);
        if (holder === undefined) continue;
        // A worker that ended its request but died before releasing the lock leaves it behind.
        const held = await this.get(holder.requestId);
        if (held !== undefined && !isFinal(held.status)) throw new OpenRequestLockedError(holder.requestId);
        await this.deleteLockIfHeldBy(key, holder.requestId);
      }
    }
    throw new Error('could not take the change lock');
  }

  async get(id: string): Promise<ChangeRequest | undefined> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: requestKey(id) }, ConsistentRead: true }),
    );
    return answer.Item === undefined ? undefined : parseItem(answer.Item);
  }

  async openRequestId(voiceConnectorId: string, kind: string, now: number): Promise<string | undefined> {
    const holder = await this.lockHolder(voiceConnectorId, kind);
    if (holder === undefined || holder.expiresAt < now) return undefined;
    const held = await this.get(holder.requestId);
    return held !== undefined && !isFinal(held.status) ? held.id : undefined;
  }

  async transition(id: string, input: TransitionInput): Promise<ChangeRequest> {
    const names: Record<string, string> = { '#status': 'status', '#updatedAt': 'updatedAt' };
    const values: Record<string, unknown> = { ':to': input.to, ':now': input.now };
    const sets = ['#status = :to', '#updatedAt = :now'];
    const removes = new Set<string>(input.remove ?? []);
    if (isFinal(input.to)) {
      removes.add('sealedSecrets');
      // An item written before the rename keeps its sealed secrets under the old name.
      removes.add('sealedCredentials');
    }
    const openStatus = !isFinal(input.to) ? input.to : input.set?.outcomeAudited === false ? 'unaudited' : undefined;
    if (openStatus !== undefined) {
      sets.push('openStatus = :openStatus');
      values[':openStatus'] = openStatus;
    } else {
      removes.add('openStatus');
    }

    Object.entries(input.set ?? {}).forEach(([attribute, value], index) => {
      if (value === undefined) return;
      names[`#s${index}`] = attribute;
      values[`:s${index}`] = value;
      sets.push(`#s${index} = :s${index}`);
    });
    const removeNames = [...removes].map((attribute, index) => {
      names[`#r${index}`] = attribute;
      return `#r${index}`;
    });

    const conditions = [
      'attribute_exists(pk)',
      `#status IN (${input.from.map((_, index) => `:from${index}`).join(', ')})`,
    ];
    input.from.forEach((status, index) => {
      values[`:from${index}`] = status;
    });
    if (input.notRequester !== undefined) {
      names['#requesterId'] = 'requesterId';
      values[':actor'] = input.notRequester;
      conditions.push('#requesterId <> :actor');
    }
    if (input.expectApprovalCount !== undefined) {
      names['#approvalCount'] = 'approvalCount';
      values[':approvalCount'] = input.expectApprovalCount;
      conditions.push(
        input.expectApprovalCount === 0
          ? '(attribute_not_exists(#approvalCount) OR #approvalCount = :approvalCount)'
          : '#approvalCount = :approvalCount',
      );
    }
    if (input.claimToken !== undefined) {
      names['#claimToken'] = 'claimToken';
      values[':claim'] = input.claimToken;
      conditions.push('#claimToken = :claim');
    }

    try {
      const answer = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: requestKey(id) },
          UpdateExpression: `SET ${sets.join(', ')}${removeNames.length > 0 ? ` REMOVE ${removeNames.join(', ')}` : ''}`,
          ConditionExpression: conditions.join(' AND '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (answer.Attributes === undefined) throw new Error('UpdateItem returned no attributes');
      return parseItem(answer.Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new TransitionConflictError(await this.get(id));
      throw error;
    }
  }

  async annotate(
    id: string,
    set: Pick<Partial<ChangeRequest>, 'message' | 'requesterConfirmed' | 'followUp' | 'freeze'>,
  ): Promise<void> {
    const entries = Object.entries(set).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: requestKey(id) },
        UpdateExpression: `SET ${entries.map((_, index) => `#a${index} = :a${index}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(entries.map(([attribute], index) => [`#a${index}`, attribute])),
        ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], index) => [`:a${index}`, value])),
      }),
    );
  }

  async discard(request: Pick<ChangeRequest, 'id' | 'voiceConnectorId' | 'kind'>): Promise<void> {
    await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: requestKey(request.id) },
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pending': 'pending' },
      }),
    );
    await this.releaseLock(request);
  }

  async releaseLock(request: Pick<ChangeRequest, 'id' | 'voiceConnectorId' | 'kind'>): Promise<void> {
    await this.deleteLockIfHeldBy(lockKey(request.voiceConnectorId, request.kind), request.id);
  }

  async expiredPending(now: number, limit: number): Promise<ChangeRequest[]> {
    return this.open('pending', limit, now);
  }

  async claimReminder(id: string, now: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: requestKey(id) },
          UpdateExpression: 'SET remindedAt = :now',
          ConditionExpression: '#status = :pending AND attribute_not_exists(remindedAt)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':now': now, ':pending': 'pending' },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async claimReviewReminder(id: string, now: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: requestKey(id) },
          UpdateExpression: 'SET review.remindedAt = :now',
          ConditionExpression:
            'attribute_exists(review) AND attribute_not_exists(review.remindedAt) AND attribute_not_exists(review.reviewedBy)',
          ExpressionAttributeValues: { ':now': now },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async pending(limit: number): Promise<ChangeRequest[]> {
    return this.open('pending', limit);
  }

  async inFlight(status: 'approved' | 'applying' | 'unaudited', limit: number): Promise<ChangeRequest[]> {
    return this.open(status, limit);
  }

  private async open(openStatus: string, limit: number, expiredBefore?: number): Promise<ChangeRequest[]> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: OPEN_INDEX,
        KeyConditionExpression:
          expiredBefore === undefined ? 'openStatus = :status' : 'openStatus = :status AND expiresAt < :now',
        ExpressionAttributeValues: {
          ':status': openStatus,
          ...(expiredBefore === undefined ? {} : { ':now': expiredBefore }),
        },
        Limit: limit,
      }),
    );
    const requests = await Promise.all(
      (answer.Items ?? []).map((item) => this.get(String(item.pk).slice('request#'.length))),
    );
    // The index is eventually consistent: keep only what the item itself still says.
    const expected = (request: ChangeRequest) =>
      openStatus === 'unaudited'
        ? isFinal(request.status) && request.outcomeAudited === false
        : request.status === openStatus;
    return requests.filter((request): request is ChangeRequest => request !== undefined && expected(request));
  }

  async claimOutcomeAudit(id: string, now: number, staleAfterMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: requestKey(id) },
          UpdateExpression: 'SET outcomeAuditClaimedAt = :now',
          ConditionExpression:
            'outcomeAudited = :false AND (attribute_not_exists(outcomeAuditClaimedAt) OR outcomeAuditClaimedAt < :stale)',
          ExpressionAttributeValues: { ':now': now, ':false': false, ':stale': now - staleAfterMs },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async settleOutcomeAudit(id: string, audited: boolean): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: requestKey(id) },
        UpdateExpression: audited
          ? 'SET outcomeAudited = :true REMOVE outcomeAuditClaimedAt, openStatus'
          : 'REMOVE outcomeAuditClaimedAt',
        ConditionExpression: 'attribute_exists(pk)',
        ...(audited ? { ExpressionAttributeValues: { ':true': true } } : {}),
      }),
    );
  }

  async openReview(id: string, dueAt: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        // The open-by-expiry index lists it under `unreviewed`, by its due time.
        Item: {
          pk: reviewKey(id),
          requestId: id,
          openStatus: 'unreviewed',
          expiresAt: dueAt,
          ttl: Math.ceil(dueAt / 1000) + RETENTION_SECONDS,
        },
      }),
    );
  }

  async markReviewed(
    id: string,
    review: { reviewedBy: string; reviewedAt: number; outcome: 'reviewed' | 'revert' },
  ): Promise<ChangeRequest | undefined> {
    let reviewed: ChangeRequest;
    try {
      const answer = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: requestKey(id) },
          UpdateExpression: 'SET #review.reviewedBy = :by, #review.reviewedAt = :at, #review.outcome = :outcome',
          ConditionExpression: 'attribute_exists(#review) AND attribute_not_exists(#review.reviewedBy)',
          ExpressionAttributeNames: { '#review': 'review' },
          ExpressionAttributeValues: { ':by': review.reviewedBy, ':at': review.reviewedAt, ':outcome': review.outcome },
          ReturnValues: 'ALL_NEW',
        }),
      );
      if (answer.Attributes === undefined) throw new Error('UpdateItem returned no attributes');
      reviewed = parseItem(answer.Attributes);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: reviewKey(id) } }));
    return reviewed;
  }

  async unreviewed(limit: number): Promise<ChangeRequest[]> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: OPEN_INDEX,
        KeyConditionExpression: 'openStatus = :status',
        ExpressionAttributeValues: { ':status': 'unreviewed' },
        Limit: limit,
      }),
    );
    const requests = await Promise.all(
      (answer.Items ?? []).map((item) => this.get(String(item.pk).slice('review#'.length))),
    );
    return requests.filter(
      (request): request is ChangeRequest => request?.review !== undefined && request.review.reviewedBy === undefined,
    );
  }

  private async lockHolder(
    voiceConnectorId: string,
    kind: string,
  ): Promise<{ requestId: string; expiresAt: number } | undefined> {
    const answer = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: lockKey(voiceConnectorId, kind) }, ConsistentRead: true }),
    );
    const parsed = z.object({ requestId: z.string(), expiresAt: z.number() }).safeParse(answer.Item);
    return parsed.success ? parsed.data : undefined;
  }

  private async deleteLockIfHeldBy(key: string, requestId: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { pk: key },
          ConditionExpression: 'requestId = :id',
          ExpressionAttributeValues: { ':id': requestId },
        }),
      );
    } catch (error) {
      // Someone else's lock by now, or already gone: either way not ours to delete.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

function requestKey(id: string): string {
  return `request#${id}`;
}

function reviewKey(id: string): string {
  return `review#${id}`;
}

function lockKey(voiceConnectorId: string, kind: string): string {
  return `open#${voiceConnectorId}#${kind}`;
}

function parseItem(item: Record<string, unknown>): ChangeRequest {
  return ChangeRequestItemSchema.parse(item);
}
