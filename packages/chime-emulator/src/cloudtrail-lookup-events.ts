import { createHash } from 'node:crypto';
import { z } from 'zod';
import { EmulatedAwsError } from './aws-exceptions';
import type { RecordedChange } from './change-record';

/**
 * A stand-in for CloudTrail's LookupEvents over the emulator's record of accepted changes, speaking
 * CloudTrail's own protocol (JSON 1.1, `X-Amz-Target`, SigV4 signing name `cloudtrail`) so that the
 * real `@aws-sdk/client-cloudtrail` client and `aws cloudtrail lookup-events` work against it through
 * `AWS_ENDPOINT_URL_CLOUDTRAIL`. As with CloudTrail, it answers for the region the request is signed
 * for, newest first, and an event appears only once it is delivered.
 */

export const CLOUDTRAIL_SIGNING_NAME = 'cloudtrail';

/** The JS SDK sends the short target, the AWS CLI the namespaced one. */
const TARGET_PREFIXES = ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.', 'CloudTrail_20131101.'];

/** The CloudTrail operation an `X-Amz-Target` header names, or `undefined` if it names none. */
export function cloudTrailOperation(target: string | undefined): string | undefined {
  const prefix = TARGET_PREFIXES.find((candidate) => target?.startsWith(candidate));
  return prefix === undefined ? undefined : target?.slice(prefix.length);
}

/** CloudTrail runs in every region; this only refuses what is not shaped like one. */
export function isAwsRegionName(region: string): region is string {
  return /^[a-z]{2}(?:-[a-z]+)+-\d+$/.test(region);
}

export const LOOKUP_ATTRIBUTE_KEYS = [
  'EventId',
  'EventName',
  'ReadOnly',
  'Username',
  'ResourceType',
  'ResourceName',
  'EventSource',
  'AccessKeyId',
] as const;

type LookupAttributeKey = (typeof LOOKUP_ATTRIBUTE_KEYS)[number];

const MAX_RESULTS = { min: 1, max: 50 } as const;
const MAX_ATTRIBUTE_VALUE_LENGTH = 2000;

/** The request as JSON 1.1 carries it (timestamps in epoch seconds); members it does not know are ignored. */
const LookupEventsRequestSchema = z.object({
  LookupAttributes: z.array(z.object({ AttributeKey: z.string(), AttributeValue: z.string() })).optional(),
  StartTime: z.number().optional(),
  EndTime: z.number().optional(),
  EventCategory: z.string().optional(),
  MaxResults: z.number().optional(),
  NextToken: z.string().optional(),
});

type LookupEventsRequest = z.output<typeof LookupEventsRequestSchema>;

const NextTokenSchema = z.object({ at: z.number(), sequence: z.int().min(0), query: z.string() });

function cloudTrailError(name: string, message: string): EmulatedAwsError {
  return new EmulatedAwsError(name, 400, message);
}

/** One event as LookupEvents answers it. */
export interface LookupEvent {
  EventId: string;
  EventName: string;
  ReadOnly: string;
  AccessKeyId: string;
  /** Epoch seconds, as JSON 1.1 sends timestamps. */
  EventTime: number;
  EventSource: string;
  Username: string;
  Resources: { ResourceType: string; ResourceName: string }[];
  CloudTrailEvent: string;
}

export interface LookupContext {
  /** The region the LookupEvents request is signed for. */
  region: string;
  now: Date;
  /** Oldest first; an event's index is its sequence number. */
  changes: readonly RecordedChange[];
}

function attributeMatches(change: RecordedChange, key: LookupAttributeKey, value: string): boolean {
  const { record } = change;
  switch (key) {
    case 'EventId':
      return record.eventID === value;
    case 'EventName':
      return record.eventName === value;
    case 'ReadOnly':
      return String(record.readOnly) === value;
    case 'Username':
      return change.username === value;
    case 'ResourceType':
      return change.resources.some((resource) => resource.ResourceType === value);
    case 'ResourceName':
      return change.resources.some((resource) => resource.ResourceName === value);
    case 'EventSource':
      return record.eventSource === value;
    case 'AccessKeyId':
      return record.userIdentity.accessKeyId === value;
  }
}

function checkedRequest(body: unknown): LookupEventsRequest {
  const parsed = LookupEventsRequestSchema.safeParse(body ?? {});
  if (!parsed.success) {
    throw cloudTrailError('SerializationException', 'The request body does not match LookupEvents.');
  }
  const request = parsed.data;
  const attributes = request.LookupAttributes ?? [];
  if (attributes.length > 1) {
    throw cloudTrailError('InvalidLookupAttributesException', 'You can specify only one lookup attribute.');
  }
  for (const { AttributeKey, AttributeValue } of attributes) {
    if (!(LOOKUP_ATTRIBUTE_KEYS as readonly string[]).includes(AttributeKey)) {
      throw cloudTrailError(
        'InvalidLookupAttributesException',
        `The attribute key must be one of ${LOOKUP_ATTRIBUTE_KEYS.join(', ')}.`,
      );
    }
    const length = [...AttributeValue].length;
    if (length < 1 || length > MAX_ATTRIBUTE_VALUE_LENGTH) {
      throw cloudTrailError(
        'InvalidLookupAttributesException',
        `The attribute value must be from 1 to ${MAX_ATTRIBUTE_VALUE_LENGTH} characters long.`,
      );
    }
  }
  const maxResults = request.MaxResults;
  if (
    maxResults !== undefined &&
    (!Number.isInteger(maxResults) || maxResults < MAX_RESULTS.min || maxResults > MAX_RESULTS.max)
  ) {
    throw cloudTrailError(
      'InvalidMaxResultsException',
      `MaxResults must be from ${MAX_RESULTS.min} to ${MAX_RESULTS.max}.`,
    );
  }
  if (request.StartTime !== undefined && request.EndTime !== undefined && request.StartTime > request.EndTime) {
    throw cloudTrailError('InvalidTimeRangeException', 'The start time must be before the end time.');
  }
  if (request.EventCategory !== undefined && request.EventCategory !== 'insight') {
    throw cloudTrailError('InvalidEventCategoryException', "The event category must be 'insight'.");
  }
  return request;
}

/** A page's NextToken carries its query, so that it is refused with any other. */
function queryFingerprint(request: LookupEventsRequest): string {
  const { LookupAttributes, StartTime, EndTime, EventCategory } = request;
  return createHash('sha256')
    .update(JSON.stringify({ LookupAttributes, StartTime, EndTime, EventCategory }))
    .digest('base64url')
    .slice(0, 16);
}

function decodeNextToken(token: string, query: string): { at: number; sequence: number } {
  let decoded: z.output<typeof NextTokenSchema>;
  try {
    decoded = NextTokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
  } catch {
    throw cloudTrailError('InvalidNextTokenException', 'The NextToken is not valid.');
  }
  if (decoded.query !== query) {
    throw cloudTrailError(
      'InvalidNextTokenException',
      'The NextToken must be passed with the same parameters as the call that returned it.',
    );
  }
  return decoded;
}

function lookupEvent(change: RecordedChange): LookupEvent {
  const { record } = change;
  return {
    EventId: record.eventID,
    EventName: record.eventName,
    ReadOnly: String(record.readOnly),
    AccessKeyId: record.userIdentity.accessKeyId,
    EventTime: Date.parse(record.eventTime) / 1000,
    EventSource: record.eventSource,
    Username: change.username,
    Resources: change.resources,
    CloudTrailEvent: JSON.stringify(record),
  };
}

/**
 * Answers LookupEvents: the delivered events of the request's region within the time range
 * (inclusive; by default the last 90 days up to now), matching the one lookup attribute, newest
 * first, `MaxResults` (default 50) at a time, with a NextToken that resumes after the last event
 * returned even when newer events arrive in between.
 *
 * @example
 * lookupEvents({ LookupAttributes: [{ AttributeKey: 'ResourceName', AttributeValue: 'dx4h2k8m1p7q3r9s5t0v6w' }] }, context)
 * // { Events: [{ EventName: 'PutVoiceConnectorOrigination', Username: 'mallory', … }] }
 */
export function lookupEvents(body: unknown, context: LookupContext): { Events: LookupEvent[]; NextToken?: string } {
  const request = checkedRequest(body);
  if (request.EventCategory === 'insight') return { Events: [] };
  const query = queryFingerprint(request);
  const nowMs = context.now.getTime();
  const startMs = request.StartTime === undefined ? nowMs - 90 * 86_400_000 : request.StartTime * 1000;
  const endMs = request.EndTime === undefined ? nowMs : request.EndTime * 1000;
  const after = request.NextToken === undefined ? undefined : decodeNextToken(request.NextToken, query);
  const attribute = request.LookupAttributes?.[0];

  const matching = context.changes
    .map((change, sequence) => ({ change, sequence, at: Date.parse(change.record.eventTime) }))
    .filter(
      ({ change, at }) =>
        Date.parse(change.deliverAt) <= nowMs &&
        change.record.awsRegion === context.region &&
        at >= startMs &&
        at <= endMs &&
        (attribute === undefined ||
          attributeMatches(change, attribute.AttributeKey as LookupAttributeKey, attribute.AttributeValue)),
    )
    .sort((a, b) => b.at - a.at || b.sequence - a.sequence)
    .filter(
      ({ at, sequence }) => after === undefined || at < after.at || (at === after.at && sequence < after.sequence),
    );

  const pageSize = request.MaxResults ?? MAX_RESULTS.max;
  const page = matching.slice(0, pageSize);
  const last = page.at(-1);
  const more = matching.length > pageSize && last !== undefined;
  return {
    Events: page.map(({ change }) => lookupEvent(change)),
    ...(more
      ? {
          NextToken: Buffer.from(JSON.stringify({ at: last.at, sequence: last.sequence, query })).toString('base64url'),
        }
      : {}),
  };
}
