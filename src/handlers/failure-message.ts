import { AuditUnavailableError } from '../audit/audit-entry';
import { changeErrorText } from '../blocks/change-errors';
import { noticeMessage } from '../blocks/notice-message';
import type { SlackMessage } from '../blocks/slack-message';
import { ChangeError } from '../changes/change-request';
import {
  ChimeAccessDeniedError,
  ChimeError,
  ChimeThrottledError,
  VoiceConnectorNotFoundError,
} from '../chime/chime-errors';
import type { Logger } from '../logging/logger';

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

/** For a job that failed for good: said once, to the person who asked. */
export function jobFailedMessage(what: string): SlackMessage {
  return noticeMessage({
    tone: 'error',
    title: `Something went wrong while ${what}.`,
    body: 'The bot tried several times and gave up. Nothing further will happen; check the audit log (`/chime audit`) before trying again.',
  });
}
