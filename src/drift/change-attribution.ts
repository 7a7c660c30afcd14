import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { z } from 'zod';
import type { ChimeRegion } from '../chime/regions';
import type { VoiceConnectorRef } from '../chime/voice-connector';
import type { Logger } from '../logging/logger';
import { parseJsonAs } from '../parse-json';
import type { DriftSection } from './connector-settings';
import type { Attribution } from './drift-store';

/**
 * Who changed a connector's settings, in our own words. CloudTrail delivers events minutes late:
 * a section it has nothing for yet is simply missing from the answer (the check asks again).
 *
 * @example
 * const found = await attributions.lookup(ref, { from: baselineAt, to: now, sections: ['termination'] });
 * // [{ section: 'termination', principal: 'arn:aws:iam::123456789012:user/mallory', client: 'cli', … }]
 */
export interface ChangeAttributions {
  lookup(
    ref: VoiceConnectorRef,
    window: { from: number; to: number; sections: readonly DriftSection[] },
  ): Promise<Attribution[]>;
}

export const CHIME_EVENT_SOURCE = 'chime.amazonaws.com';

/** The Chime SDK Voice write operations that change what drift detection watches, by section. */
export const SECTION_OF_EVENT: Readonly<Record<string, DriftSection>> = {
  PutVoiceConnectorOrigination: 'origination',
  DeleteVoiceConnectorOrigination: 'origination',
  PutVoiceConnectorTermination: 'termination',
  DeleteVoiceConnectorTermination: 'termination',
  PutVoiceConnectorTerminationCredentials: 'credentials',
  DeleteVoiceConnectorTerminationCredentials: 'credentials',
  PutVoiceConnectorLoggingConfiguration: 'logging',
};

/** CloudTrail writes event times to the second, and clocks differ: look a little before the baseline. */
const WINDOW_SLACK_MS = 2 * 60_000;
/** LookupEvents answers 50 at most; the window is short, so a few pages cover it. */
const MAX_PAGES = 10;

/** What the bot reads of a CloudTrail record; the rest is ignored. */
const CloudTrailRecordSchema = z.looseObject({
  eventTime: z.string(),
  eventName: z.string(),
  eventSource: z.string(),
  sourceIPAddress: z.string().optional(),
  userAgent: z.string().optional(),
  readOnly: z.boolean().optional(),
  userIdentity: z
    .looseObject({
      type: z.string().optional(),
      arn: z.string().optional(),
      userName: z.string().optional(),
      sessionContext: z.looseObject({}).optional(),
    })
    .optional(),
  requestParameters: z.looseObject({ voiceConnectorId: z.string().optional() }).nullable().optional(),
  resources: z.array(z.looseObject({ ARN: z.string().optional() })).optional(),
  sessionCredentialFromConsole: z.string().optional(),
});
type CloudTrailRecord = z.infer<typeof CloudTrailRecordSchema>;

/**
 * Console, CLI or an SDK, from the user agent CloudTrail records: the console signs as
 * `console.amazonaws.com` (or "AWS Internal"), the AWS CLI as `aws-cli/…`, the SDKs as
 * `aws-sdk-…`, Boto3 or Botocore.
 */
export function clientOf(userAgent: string | undefined, fromConsole = false): Attribution['client'] {
  const agent = userAgent?.toLowerCase() ?? '';
  if (fromConsole || agent.includes('console.amazonaws.com') || agent.startsWith('aws internal')) return 'console';
  if (agent.startsWith('aws-cli/') || agent.includes(' aws-cli/')) return 'cli';
  if (agent.includes('aws-sdk-') || agent.includes('boto3') || agent.includes('botocore')) return 'sdk';
  return 'other';
}

function mentionsConnector(record: CloudTrailRecord, voiceConnectorId: string): boolean {
  if (record.requestParameters?.voiceConnectorId === voiceConnectorId) return true;
  return (record.resources ?? []).some((resource) => resource.ARN?.endsWith(`/${voiceConnectorId}`) === true);
}

function userNameOf(record: CloudTrailRecord): string | undefined {
  const identity = record.userIdentity;
  if (identity?.userName !== undefined) return identity.userName;
  if (identity?.type === 'Root') return 'root';
  // An assumed role's session name is the last part of its ARN (`assumed-role/Role/alice`).
  return identity?.arn?.split('/').at(-1);
}

function attributionOf(record: CloudTrailRecord, section: DriftSection): Attribution {
  const userName = userNameOf(record);
  return {
    section,
    principal: record.userIdentity?.arn ?? userName ?? 'unknown',
    ...(userName !== undefined ? { userName } : {}),
    eventName: record.eventName,
    eventTime: record.eventTime,
    ...(record.sourceIPAddress !== undefined ? { sourceIp: record.sourceIPAddress } : {}),
    client: clientOf(record.userAgent, record.sessionCredentialFromConsole === 'true'),
    ...(record.userAgent !== undefined ? { userAgent: record.userAgent.slice(0, 200) } : {}),
  };
}

/**
 * {@link ChangeAttributions} over CloudTrail's LookupEvents, in the connector's region: the
 * `chime.amazonaws.com` events of the window, matched to the connector by its ID in the event's
 * resources or in `requestParameters.voiceConnectorId`, the newest write per section. The client
 * is the standard one: `AWS_ENDPOINT_URL_CLOUDTRAIL` points it at a stand-in.
 */
export class CloudTrailChangeAttributions implements ChangeAttributions {
  constructor(
    private readonly clientFor: (region: ChimeRegion) => Promise<{ client: CloudTrailClient; sdk: CloudTrailSdk }>,
    private readonly logger: Logger,
  ) {}

  async lookup(
    ref: VoiceConnectorRef,
    window: { from: number; to: number; sections: readonly DriftSection[] },
  ): Promise<Attribution[]> {
    const wanted = new Set(window.sections);
    const found = new Map<DriftSection, Attribution>();
    const { client, sdk } = await this.clientFor(ref.region);
    let nextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const answer = await client.send(
        new sdk.LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: CHIME_EVENT_SOURCE }],
          StartTime: new Date(window.from - WINDOW_SLACK_MS),
          EndTime: new Date(window.to),
          MaxResults: 50,
          ...(nextToken === undefined ? {} : { NextToken: nextToken }),
        }),
      );
      // Newest first: the first event found for a section is its latest change.
      for (const event of answer.Events ?? []) {
        const section = SECTION_OF_EVENT[event.EventName ?? ''];
        if (section === undefined || !wanted.has(section) || found.has(section)) continue;
        const record = parseRecord(event.CloudTrailEvent);
        if (record === undefined) {
          this.logger.warn({ eventName: event.EventName }, 'a CloudTrail event could not be read');
          continue;
        }
        if (record.eventSource !== CHIME_EVENT_SOURCE || !mentionsConnector(record, ref.voiceConnectorId)) continue;
        found.set(section, attributionOf(record, section));
      }
      nextToken = answer.NextToken;
      if (nextToken === undefined || found.size === wanted.size) break;
    }
    return [...found.values()];
  }
}

/** The parts of `@aws-sdk/client-cloudtrail` used here (loaded on first use: most checks find no drift). */
export type CloudTrailSdk = Pick<typeof import('@aws-sdk/client-cloudtrail'), 'LookupEventsCommand'>;

function parseRecord(text: string | undefined): CloudTrailRecord | undefined {
  return parseJsonAs(CloudTrailRecordSchema, text);
}
