import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { CHIME_REGIONS } from '../chime/regions';
import { createWorkerFunction } from '../composition-root';
import type { CheckRunReport, ConnectorCheckOutcome } from '../drift/drift-monitor';
import { logCheckRun } from '../drift/drift-schedule';
import { onFirstInvocation } from './cold-start';

const started = onFirstInvocation(createWorkerFunction);

/** Time kept back from the function's timeout: the cursor save and the last alert must fit in it. */
const SAFETY_MARGIN_MS = 20_000;

/**
 * The "AWS API Call via CloudTrail" event of a Chime SDK Voice write (the near-real-time rule in
 * serverless.yml); only the parts the bot reads.
 *
 * @example
 * { "detail-type": "AWS API Call via CloudTrail", "source": "aws.chime",
 *   "detail": { "eventSource": "chime.amazonaws.com", "eventName": "PutVoiceConnectorTermination",
 *               "awsRegion": "us-east-1", "requestParameters": { "voiceConnectorId": "dx4h2k8m1p7q3r9s5t0v6w" } } }
 */
export const ChimeApiCallEventSchema = z.object({
  'detail-type': z.literal('AWS API Call via CloudTrail'),
  detail: z.object({
    eventSource: z.literal('chime.amazonaws.com'),
    eventName: z.string(),
    awsRegion: z.string(),
    requestParameters: z.looseObject({ voiceConnectorId: z.string().regex(/^[a-z0-9]{1,64}$/) }),
    userIdentity: z
      .looseObject({
        sessionContext: z.looseObject({ sessionIssuer: z.looseObject({ arn: z.string() }).optional() }).optional(),
      })
      .optional(),
  }),
});

/**
 * The drift function (`dist/drift.handler`): on its schedule (`DRIFT_CHECK_MINUTES`), the check of
 * every connector, for as long as the function's time allows (the rest is resumed on the next
 * run from the cursor); on a CloudTrail event of a Chime write, the check of that one connector.
 * It never logs the event (it names people and addresses).
 */
export async function handler(
  event: unknown,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<CheckRunReport | { connector: ConnectorCheckOutcome | 'ignored' }> {
  const { core, drift } = await started();
  const apiCall = ChimeApiCallEventSchema.safeParse(event);
  if (apiCall.success) {
    const region = apiCall.data.detail.awsRegion;
    const issuer = apiCall.data.detail.userIdentity?.sessionContext?.sessionIssuer?.arn;
    // The bot's own applies move the baseline themselves.
    if (issuer !== undefined && core.config.driftIgnoreRoleArns.includes(issuer)) return { connector: 'ignored' };
    if (!(CHIME_REGIONS as readonly string[]).includes(region) || !core.config.driftRegions.includes(region as never)) {
      return { connector: 'ignored' };
    }
    const ref = {
      voiceConnectorId: apiCall.data.detail.requestParameters.voiceConnectorId,
      region: region as (typeof CHIME_REGIONS)[number],
    };
    return { connector: await drift.checkOne(ref, context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS) };
  }
  const report = await drift.checkScheduled(core.clock.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS);
  logCheckRun(core.logger, report);
  return report;
}
