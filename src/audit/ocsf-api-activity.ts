import type { AuditAction, AuditEntry, JsonValue } from './audit-entry';
import { SYSTEM_ACTOR_ID } from './audit-entry';
import type { StoredVoidRecord } from './audit-entry-validation';

/**
 * # The SIEM stream's records: OCSF 1.3 API Activity (class 6003)
 *
 * One record per audit entry (and per void record, so that a consumer sees every position of a
 * chain). The mapping, field by field:
 *
 * | OCSF | from the entry |
 * |---|---|
 * | `class_uid` 6003, `category_uid` 6, `type_uid` 6003 × 100 + `activity_id` | fixed |
 * | `activity_id` | 2 Read for `read.*`, `audit.list`, `audit.verify`; 1 Create for `change.request`, `audit.checkpoint`; 3 Update for `change.approve`/`reject`/`cancel`/`expire`/`apply`/`review`; 99 Other otherwise |
 * | `time` | `time` (epoch ms) |
 * | `status_id` / `status` | 1 Success for `ok`, `applied`, `pending`, `approved`; 2 Failure for `failed`, `denied`, `invalid`, `stale`; 99 Other otherwise. `status_detail`: the outcome, `status_code`: `errorName` |
 * | `severity_id` | 1 Informational; 3 Medium for `denied` and `invalid` (refusals) |
 * | `actor.user` | `uid` = `actorUserId`, `name` = `actorName`, `type_id` 1 User (3 System for the bot itself), `account.uid` = `actorTeamId` (the Slack workspace). An apply or expiry the bot made on a person's approval names that approver (`details.approverId`), with `actor.invoked_by` = `chime-voice-ops` |
 * | `actor.app_name` | `Slack` |
 * | `api.operation` | the AWS call the action made (`GetVoiceConnectorTermination`, `PutVoiceConnectorOrigination`, `PutVoiceConnectorTermination`, `PutVoiceConnectorTerminationCredentials`, …), or the action itself when it is the bot's own or several calls (`audit.list`, `read.health`) |
 * | `api.service.name` | `chime-sdk-voice` for AWS calls, `chime-voice-ops` for the bot's own |
 * | `api.response.error` / `error_message` | `errorName` / `errorMessage` |
 * | `resources[0]` | `uid` = `voiceConnectorId`, `type` `AWS::ChimeSDKVoice::VoiceConnector`, `region` |
 * | `cloud` | `provider` AWS, `region` |
 * | `duration` | `latencyMs` |
 * | `metadata` | `version` 1.3.0, `uid` = entry `id` (consumers drop duplicates by it), `sequence` = `seq`, `log_name` = `chain`, `correlation_uid` = `changeRequestId`, `product` chime-voice-ops |
 * | `unmapped` | `action`, `outcome`, `reason`, `channel_id`, `details`, `before`, `after`, `prev_hash`, `hash` |
 *
 * @example
 * ocsfApiActivity(entry).api.operation; // 'GetVoiceConnectorTermination'
 */
export interface OcsfApiActivity {
  class_uid: 6003;
  class_name: 'API Activity';
  category_uid: 6;
  category_name: 'Application Activity';
  activity_id: number;
  activity_name: string;
  type_uid: number;
  type_name: string;
  time: number;
  severity_id: number;
  severity: string;
  status_id: number;
  status: string;
  status_detail: string;
  status_code?: string;
  message: string;
  metadata: {
    version: '1.3.0';
    uid: string;
    sequence: number;
    log_name: string;
    correlation_uid?: string;
    product: { name: 'chime-voice-ops'; vendor_name: 'chime-voice-ops' };
  };
  actor: {
    user: { uid: string; name?: string; type_id: number; type: string; account: { uid: string; type: string } };
    app_name: 'Slack';
    invoked_by?: string;
  };
  api: {
    operation: string;
    service: { name: string };
    response?: { error?: string; error_message?: string };
  };
  resources?: { uid: string; type: string; region?: string }[];
  cloud: { provider: 'AWS'; region?: string };
  duration?: number;
  unmapped: { [key: string]: JsonValue };
}

const ACTIVITIES: Record<AuditAction, [number, string]> = {
  'read.termination': [2, 'Read'],
  'read.health': [2, 'Read'],
  'read.proxy': [2, 'Read'],
  'read.proxy-session': [2, 'Read'],
  'read.origination': [2, 'Read'],
  'read.credentials': [2, 'Read'],
  'audit.list': [2, 'Read'],
  'audit.verify': [2, 'Read'],
  'audit.checkpoint': [1, 'Create'],
  command: [99, 'Other'],
  'change.request': [1, 'Create'],
  'change.approve': [3, 'Update'],
  'change.review': [3, 'Update'],
  'change.reject': [3, 'Update'],
  'change.cancel': [3, 'Update'],
  'change.expire': [3, 'Update'],
  'change.apply': [3, 'Update'],
  'drift.baseline': [1, 'Create'],
  'drift.detect': [99, 'Other'],
  'drift.accept': [3, 'Update'],
  'drift.revert': [1, 'Create'],
  'drift.close': [3, 'Update'],
};

const AWS_OPERATIONS: Partial<Record<AuditAction, string>> = {
  'read.termination': 'GetVoiceConnectorTermination',
  'read.proxy': 'GetVoiceConnectorProxy',
  'read.proxy-session': 'GetProxySession',
  'read.origination': 'GetVoiceConnectorOrigination',
  'read.credentials': 'ListVoiceConnectorTerminationCredentials',
};

const SUCCESS = new Set(['ok', 'applied', 'pending', 'approved', 'accepted', 'resolved']);
const FAILURE = new Set(['failed', 'denied', 'invalid', 'stale']);

/** The AWS call behind an entry, when there was one. */
function awsOperationOf(entry: AuditEntry): string | undefined {
  if (entry.action === 'change.apply') {
    const after = entry.after as { [key: string]: JsonValue } | null | undefined;
    if (after && typeof after === 'object' && 'origination' in after) return 'PutVoiceConnectorOrigination';
    if (after && typeof after === 'object' && 'termination' in after) return 'PutVoiceConnectorTermination';
    if (after && typeof after === 'object' && 'usernames' in after) return 'PutVoiceConnectorTerminationCredentials';
  }
  return AWS_OPERATIONS[entry.action];
}

export function ocsfApiActivity(record: AuditEntry | StoredVoidRecord): OcsfApiActivity {
  if ('void' in record) return voidActivity(record);
  const entry = record;
  const [activityId, activityName] = ACTIVITIES[entry.action] ?? [99, 'Other'];
  const statusId = SUCCESS.has(entry.outcome) ? 1 : FAILURE.has(entry.outcome) ? 2 : 99;
  const refusal = entry.outcome === 'denied' || entry.outcome === 'invalid';
  const operation = awsOperationOf(entry);
  const approverId = typeof entry.details?.approverId === 'string' ? entry.details.approverId : '';
  // The bot made the call, on a person's approval: the SIEM wants that person.
  const onBehalfOf = entry.actorUserId === SYSTEM_ACTOR_ID && approverId !== '' ? approverId : undefined;
  const system = entry.actorUserId === SYSTEM_ACTOR_ID && onBehalfOf === undefined;
  const unmapped: { [key: string]: JsonValue } = {
    action: entry.action,
    outcome: entry.outcome,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
  if (entry.reason !== undefined) unmapped.reason = entry.reason;
  if (entry.channelId !== undefined) unmapped.channel_id = entry.channelId;
  if (entry.details !== undefined) unmapped.details = entry.details;
  if (entry.before !== undefined) unmapped.before = entry.before;
  if (entry.after !== undefined) unmapped.after = entry.after;
  return {
    class_uid: 6003,
    class_name: 'API Activity',
    category_uid: 6,
    category_name: 'Application Activity',
    activity_id: activityId,
    activity_name: activityName,
    type_uid: 600300 + activityId,
    type_name: `API Activity: ${activityName}`,
    time: Date.parse(entry.time),
    severity_id: refusal ? 3 : 1,
    severity: refusal ? 'Medium' : 'Informational',
    status_id: statusId,
    status: statusId === 1 ? 'Success' : statusId === 2 ? 'Failure' : 'Other',
    status_detail: entry.outcome,
    ...(entry.errorName ? { status_code: entry.errorName } : {}),
    message: `${entry.action} ${entry.outcome}${entry.voiceConnectorId ? ` on ${entry.voiceConnectorId}` : ''} by ${entry.actorUserId}`,
    metadata: {
      version: '1.3.0',
      uid: entry.id,
      sequence: entry.seq,
      log_name: entry.chain,
      ...(entry.changeRequestId ? { correlation_uid: entry.changeRequestId } : {}),
      product: { name: 'chime-voice-ops', vendor_name: 'chime-voice-ops' },
    },
    actor: {
      user: {
        uid: onBehalfOf ?? entry.actorUserId,
        ...(entry.actorName && !onBehalfOf ? { name: entry.actorName } : {}),
        type_id: system ? 3 : 1,
        type: system ? 'System' : 'User',
        account: { uid: entry.actorTeamId, type: 'Slack workspace' },
      },
      app_name: 'Slack',
      ...(onBehalfOf ? { invoked_by: 'chime-voice-ops' } : {}),
    },
    api: {
      operation: operation ?? entry.action,
      service: { name: operation ? 'chime-sdk-voice' : 'chime-voice-ops' },
      ...(entry.errorName || entry.errorMessage
        ? {
            response: {
              ...(entry.errorName ? { error: entry.errorName } : {}),
              ...(entry.errorMessage ? { error_message: entry.errorMessage } : {}),
            },
          }
        : {}),
    },
    ...(entry.voiceConnectorId
      ? {
          resources: [
            {
              uid: entry.voiceConnectorId,
              type: 'AWS::ChimeSDKVoice::VoiceConnector',
              ...(entry.region ? { region: entry.region } : {}),
            },
          ],
        }
      : {}),
    cloud: { provider: 'AWS', ...(entry.region ? { region: entry.region } : {}) },
    ...(entry.latencyMs !== undefined ? { duration: entry.latencyMs } : {}),
    unmapped,
  };
}

/** A void record: a position a stopped writer never filled, so that consumers see every position. */
function voidActivity(record: StoredVoidRecord): OcsfApiActivity {
  return {
    class_uid: 6003,
    class_name: 'API Activity',
    category_uid: 6,
    category_name: 'Application Activity',
    activity_id: 99,
    activity_name: 'Other',
    type_uid: 600399,
    type_name: 'API Activity: Other',
    time: Date.parse(record.time),
    severity_id: 1,
    severity: 'Informational',
    status_id: 99,
    status: 'Other',
    status_detail: 'void',
    message: `position ${record.seq} of ${record.chain} holds no entry (${record.void.reason})`,
    metadata: {
      version: '1.3.0',
      uid: record.id,
      sequence: record.seq,
      log_name: record.chain,
      product: { name: 'chime-voice-ops', vendor_name: 'chime-voice-ops' },
    },
    actor: {
      user: { uid: SYSTEM_ACTOR_ID, type_id: 3, type: 'System', account: { uid: '', type: 'Slack workspace' } },
      app_name: 'Slack',
    },
    api: { operation: 'audit.void', service: { name: 'chime-voice-ops' } },
    cloud: { provider: 'AWS' },
    unmapped: { void: record.void, prev_hash: record.prevHash, hash: record.hash },
  };
}
