import { AuditUnavailableError } from '../audit/audit-entry';
import { changeErrorText } from '../blocks/change-errors';
import { noticeMessage } from '../blocks/notice-message';
import { inlineCode } from '../blocks/slack-formatting';
import { escapeMrkdwn } from '../blocks/slack-limits';
import type { SlackMessage } from '../blocks/slack-message';
import { ChangeError } from '../changes/change-request';
import {
  ChimeAccessDeniedError,
  ChimeError,
  ChimeThrottledError,
  VoiceConnectorNotFoundError,
} from '../chime/chime-errors';
import type { ChimeRegion } from '../chime/regions';
import type { Logger } from '../logging/logger';
import type { ConnectorCatalog } from '../reads/connector-catalog';

export const AUDIT_UNAVAILABLE_TEXT = 'The audit log is unavailable, nothing was done.';

/**
 * The message for an expected failure (AWS, the audit log, a change rule), or `undefined` for an
 * unexpected one, which the caller lets propagate to the job's retry and final report.
 */
export function failureMessage(error: unknown): SlackMessage | undefined {
  if (error instanceof AuditUnavailableError) {
    return noticeMessage({
      tone: 'error',
      title: AUDIT_UNAVAILABLE_TEXT,
      body: 'Every action is recorded before it is carried out; try again once the audit log is back.',
    });
  }
  if (error instanceof VoiceConnectorNotFoundError) {
    return noticeMessage({ tone: 'warning', title: 'Not found', body: error.message });
  }
  if (error instanceof ChimeAccessDeniedError) {
    return noticeMessage({ tone: 'error', title: 'The bot is not allowed to do that in AWS', body: error.message });
  }
  if (error instanceof ChimeThrottledError) {
    return noticeMessage({ tone: 'warning', title: 'AWS is throttling requests', body: error.message });
  }
  if (error instanceof ChimeError) {
    return noticeMessage({ tone: 'error', title: 'AWS could not answer', body: error.message });
  }
  if (error instanceof ChangeError) {
    // Change errors are worded from ids the bot checked (no user text): their mentions (`<@U…>`)
    // and channel links must render, so they are passed as mrkdwn.
    return noticeMessage({ tone: 'warning', title: 'Not done', body: { mrkdwn: changeErrorText(error) } });
  }
  return undefined;
}

/**
 * {@link failureMessage}, and the operator's side of it: an audit log that refuses writes is
 * logged as an error (every action is being refused), AWS trouble as a warning.
 */
export function reportableFailure(error: unknown, logger: Logger): SlackMessage | undefined {
  const message = failureMessage(error);
  if (error instanceof AuditUnavailableError) logger.error({ err: error }, 'audit log unavailable: action refused');
  else if (error instanceof ChimeError && !(error instanceof VoiceConnectorNotFoundError)) {
    logger.warn({ err: error, operation: error.context.operation, region: error.context.region }, 'Chime call failed');
  }
  return message;
}

/**
 * {@link reportableFailure}, and for a connector not found in the region asked, where it is
 * instead (from the connector lists of every region), with the `--region` to use.
 *
 * @example
 * // "Voice connector abc… was not found in us-east-1. It is in eu-west-2: add `--region eu-west-2` to the command."
 * await reportableFailureWithHints(error, { logger, catalog });
 */
export async function reportableFailureWithHints(
  error: unknown,
  deps: { logger: Logger; catalog?: Pick<ConnectorCatalog, 'regionsOf'> },
): Promise<SlackMessage | undefined> {
  if (
    error instanceof VoiceConnectorNotFoundError &&
    error.context.proxySessionId === undefined &&
    error.context.voiceConnectorId !== undefined &&
    deps.catalog !== undefined
  ) {
    const regions = await deps.catalog
      .regionsOf(error.context.voiceConnectorId, error.context.region as ChimeRegion)
      .catch(() => []);
    const [region] = regions;
    if (region !== undefined) {
      return noticeMessage({
        tone: 'warning',
        title: 'Not found',
        body: {
          mrkdwn: `${escapeMrkdwn(error.message)} It is in ${inlineCode(region)}: add ${inlineCode(`--region ${region}`)} to the command, or pick that region in the menu.`,
        },
      });
    }
  }
  return reportableFailure(error, deps.logger);
}

/** For a job that failed for good: said once, to the person who asked. */
export function jobFailedMessage(what: string): SlackMessage {
  return noticeMessage({
    tone: 'error',
    title: `Something went wrong while ${what}.`,
    body: 'The bot tried several times and gave up. Nothing further will happen; check the audit log (`/chime audit`) before trying again.',
  });
}
