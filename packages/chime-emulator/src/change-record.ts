import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { MODEL_OPERATIONS, MODEL_SHAPES } from './chime-sdk-voice-model.generated';
import type { ModelShape, ShapeName } from './model-shapes';
import { type EmulatorPrincipal, userIdentity } from './principals';
import type { EmulatedOperation } from './routes';
import { EMULATOR_ACCOUNT_ID } from './seed';

/**
 * Every change the emulator accepted, as CloudTrail records it: who (the principal behind the SigV4
 * access key), when, from where, with which client, and what was asked. The CloudTrail stand-in
 * serves LookupEvents from it, and the state file keeps it.
 */

export const CHIME_EVENT_SOURCE = 'chime.amazonaws.com';
/** What CloudTrail writes in place of a value the service model marks `sensitive`. */
export const HIDDEN_VALUE = 'HIDDEN_DUE_TO_SECURITY_REASONS';
export const VOICE_CONNECTOR_RESOURCE_TYPE = 'AWS::ChimeSDKVoice::VoiceConnector';

/** The operations CloudTrail counts as changes (`readOnly: false`); the emulator records only these. */
export function isWriteOperation(operation: string): boolean {
  return /^(?:Put|Create|Delete|Update)/.test(operation);
}

/**
 * One event as CloudTrail writes it (the JSON string LookupEvents returns as `CloudTrailEvent`).
 *
 * @example
 * {
 *   "eventVersion": "1.09",
 *   "userIdentity": { "type": "IAMUser", "principalId": "AIDA…", "arn": "arn:aws:iam::123456789012:user/mallory", "accountId": "123456789012", "accessKeyId": "AKIAEXAMPLE", "userName": "mallory" },
 *   "eventTime": "2026-12-01T09:15:00Z", "eventSource": "chime.amazonaws.com", "eventName": "PutVoiceConnectorOrigination",
 *   "awsRegion": "us-east-1", "sourceIPAddress": "127.0.0.1", "userAgent": "aws-cli/1.45.11 …",
 *   "requestParameters": { "voiceConnectorId": "dx4h2k8m1p7q3r9s5t0v6w", "origination": { "disabled": true } },
 *   "responseElements": { "origination": { "disabled": true } },
 *   "requestID": "…", "eventID": "…", "readOnly": false,
 *   "resources": [{ "accountId": "123456789012", "type": "AWS::ChimeSDKVoice::VoiceConnector", "ARN": "arn:aws:chime:us-east-1:123456789012:vc/dx4h2k8m1p7q3r9s5t0v6w" }],
 *   "eventType": "AwsApiCall", "managementEvent": true, "recipientAccountId": "123456789012", "eventCategory": "Management"
 * }
 */
export const CloudTrailRecordSchema = z.looseObject({
  eventVersion: z.string(),
  userIdentity: z.looseObject({ type: z.string(), arn: z.string(), accessKeyId: z.string() }),
  eventTime: z.iso.datetime(),
  eventSource: z.string(),
  eventName: z.string(),
  awsRegion: z.string(),
  sourceIPAddress: z.string(),
  userAgent: z.string(),
  requestParameters: z.record(z.string(), z.unknown()).nullable(),
  responseElements: z.unknown(),
  requestID: z.string(),
  eventID: z.uuid(),
  readOnly: z.boolean(),
  resources: z.array(z.looseObject({ ARN: z.string(), accountId: z.string(), type: z.string() })).optional(),
  eventType: z.literal('AwsApiCall'),
  managementEvent: z.boolean(),
  recipientAccountId: z.string(),
});

export type CloudTrailRecord = z.output<typeof CloudTrailRecordSchema>;

/** LookupEvents' `Resources` of an event: the connector, named by its ID. */
export const LookupResourceSchema = z.object({ ResourceType: z.string(), ResourceName: z.string() });

/** A recorded change: the event, when LookupEvents starts to return it, and the resources it names. */
export const RecordedChangeSchema = z.object({
  record: CloudTrailRecordSchema,
  /** The event time plus the delivery delay in force when it was recorded (by the emulator's clock). */
  deliverAt: z.iso.datetime(),
  /** LookupEvents' `Username`: the IAM user's name, the role session's name, or `root`. */
  username: z.string(),
  resources: z.array(LookupResourceSchema),
});

export type RecordedChange = z.output<typeof RecordedChangeSchema>;

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/**
 * A request or response value as CloudTrail writes it: structure members in camelCase
 * (`VoiceConnectorId` → `voiceConnectorId`, `EnableSIPLogs` → `enableSIPLogs`), map keys as they
 * are, and every value of a shape the model marks `sensitive` (passwords, usernames, phone numbers)
 * replaced by {@link HIDDEN_VALUE}.
 */
export function cloudTrailValue(name: ShapeName, value: unknown): unknown {
  const shape: ModelShape = MODEL_SHAPES[name];
  if (value === undefined || value === null) return value;
  if (shape.sensitive === true) return HIDDEN_VALUE;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object') return value;
      const source = value as Record<string, unknown>;
      const written: Record<string, unknown> = {};
      for (const [member, definition] of Object.entries(shape.members ?? {})) {
        if (source[member] === undefined) continue;
        const memberShape = (typeof definition === 'string' ? definition : definition.shape) as ShapeName;
        written[lowerFirst(member)] = cloudTrailValue(memberShape, source[member]);
      }
      return written;
    }
    case 'list':
      return Array.isArray(value) ? value.map((item) => cloudTrailValue(shape.member as ShapeName, item)) : value;
    case 'map':
      return typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value).map(([key, item]) => [key, cloudTrailValue(shape.value as ShapeName, item)]),
          )
        : value;
    default:
      return value;
  }
}

/** An accepted write operation, with everything CloudTrail would know about its caller. */
export interface AcceptedChange {
  operation: EmulatedOperation;
  /** The members of the request as the model took them (URI labels included). */
  request: Record<string, unknown>;
  /** What the emulator answered; `undefined` for an operation that answers 204. */
  response: unknown;
  /** The region of the request's SigV4 scope. */
  region: string;
  principal: EmulatorPrincipal;
  accessKeyId: string;
  sourceIPAddress: string;
  userAgent: string;
  requestId: string;
  /** The connector the change is about, if any. */
  voiceConnector?: { id: string; arn: string };
  now: Date;
  deliveryDelayMs: number;
}

/** CloudTrail writes event times to the second. */
function eventTimeOf(now: Date): string {
  return `${now.toISOString().slice(0, 19)}Z`;
}

export function recordedChange(change: AcceptedChange): RecordedChange {
  const { input, output } = MODEL_OPERATIONS[change.operation] as { input: ShapeName; output?: ShapeName };
  const eventTime = eventTimeOf(change.now);
  const connector = change.voiceConnector;
  const record: CloudTrailRecord = {
    eventVersion: '1.09',
    userIdentity: userIdentity(change.principal, change.accessKeyId, eventTime),
    eventTime,
    eventSource: CHIME_EVENT_SOURCE,
    eventName: change.operation,
    awsRegion: change.region,
    sourceIPAddress: change.sourceIPAddress,
    userAgent: change.userAgent,
    requestParameters: cloudTrailValue(input, change.request) as Record<string, unknown>,
    responseElements:
      output === undefined || change.response === undefined ? null : cloudTrailValue(output, change.response),
    requestID: change.requestId,
    eventID: randomUUID(),
    readOnly: false,
    ...(connector === undefined
      ? {}
      : { resources: [{ accountId: EMULATOR_ACCOUNT_ID, type: VOICE_CONNECTOR_RESOURCE_TYPE, ARN: connector.arn }] }),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: EMULATOR_ACCOUNT_ID,
    eventCategory: 'Management',
  };
  return {
    record,
    deliverAt: new Date(change.now.getTime() + change.deliveryDelayMs).toISOString(),
    username: change.principal.type === 'Root' ? 'root' : change.principal.userName,
    resources:
      connector === undefined ? [] : [{ ResourceType: VOICE_CONNECTOR_RESOURCE_TYPE, ResourceName: connector.id }],
  };
}
