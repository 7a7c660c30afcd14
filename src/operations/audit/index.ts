import { z } from 'zod';
import { EXAMPLE_CONNECTOR } from '../../blocks/help-message';
import { noticeMessage } from '../../blocks/notice-message';
import { jobCommon, SlackIdSchema } from '../../jobs/job';
import { defineJob, defineOperation } from '../operation';
import { runAuditCheckpointJob, runAuditListJob, runAuditVerifyJob } from './audit-jobs';

export const AuditListJobSchema = z.object({
  kind: z.literal('audit-list'),
  voiceConnectorId: z.string().max(64).optional(),
  userFilter: SlackIdSchema.optional(),
  /** `--user alice` typed by hand: resolved to one person by the worker before the log is read. */
  userName: z.string().min(1).max(80).optional(),
  limit: z.number().int().min(1).max(50),
  share: z.boolean(),
  /** `--unreviewed`: the break-glass changes waiting for their review instead of the log. */
  unreviewed: z.literal(true).optional(),
  ...jobCommon,
});

export const AuditVerifyJobSchema = z.object({
  kind: z.literal('audit-verify'),
  voiceConnectorId: z.string().max(64),
  ...jobCommon,
});

export const AuditCheckpointJobSchema = z.object({
  kind: z.literal('audit-checkpoint'),
  ...jobCommon,
});

/**
 * `/chime audit …`: the newest entries (one DynamoDB Query each), the hash chain's check against
 * the signed checkpoints, and a checkpoint on demand (approvers only).
 */
export const audit = defineOperation({
  name: 'audit',
  commands: [
    {
      words: ['audit'],
      args: ['optional-connector'],
      options: ['share', 'limit', 'user', 'unreviewed'],
      help: {
        usage: 'audit [<voice-connector-id>] [--limit N] [--user @user] [--unreviewed]',
        what: 'Recent audit entries, newest first (default 10, at most 50): of one connector, or of the whole workspace without an id; `--user` keeps one person’s actions (a mention, their name or their user ID); `--unreviewed` lists the break-glass changes no approver has reviewed yet.',
        example: `audit ${EXAMPLE_CONNECTOR} --limit 20 --user @alex`,
      },
      async run({ args, actor, channelId, responseUrl, ack, deps }) {
        await ack(noticeMessage({ tone: 'info', title: 'Reading the audit log…' }));
        await deps.jobs.enqueue({
          kind: 'audit-list',
          voiceConnectorId: args.voiceConnectorId,
          userFilter: args.userId,
          ...(args.userName !== undefined ? { userName: args.userName } : {}),
          limit: args.limit ?? 10,
          share: args.share,
          ...(args.unreviewed === true ? { unreviewed: true as const } : {}),
          actor,
          channelId,
          reply: { kind: 'response_url', responseUrl },
        });
      },
    },
    {
      words: ['audit', 'verify'],
      args: ['connector'],
      help: {
        usage: 'audit verify <voice-connector-id>',
        what: 'Checks that the connector’s audit trail is intact, or shows where it was tampered with.',
        example: `audit verify ${EXAMPLE_CONNECTOR}`,
      },
      async run({ args, actor, channelId, responseUrl, ack, deps }) {
        const voiceConnectorId = args.voiceConnectorId ?? '';
        await ack(noticeMessage({ tone: 'info', title: `Checking the audit chain of \`${voiceConnectorId}\`…` }));
        await deps.jobs.enqueue({
          kind: 'audit-verify',
          voiceConnectorId,
          actor,
          channelId,
          reply: { kind: 'response_url', responseUrl },
        });
      },
    },
    {
      words: ['audit', 'checkpoint'],
      args: [],
      help: {
        usage: 'audit checkpoint',
        what: 'Approvers: writes a signed checkpoint of the audit log now (it is also written on a schedule).',
        example: 'audit checkpoint',
      },
      async run({ actor, channelId, responseUrl, ack, deps }) {
        await ack(noticeMessage({ tone: 'info', title: 'Writing a signed checkpoint of the audit log…' }));
        await deps.jobs.enqueue({
          kind: 'audit-checkpoint',
          actor,
          channelId,
          reply: { kind: 'response_url', responseUrl },
        });
      },
    },
  ],
  jobs: [
    defineJob({
      kind: 'audit-list',
      schema: AuditListJobSchema,
      what: 'reading the audit log',
      run: runAuditListJob,
    }),
    defineJob({
      kind: 'audit-checkpoint',
      schema: AuditCheckpointJobSchema,
      what: 'writing a checkpoint of the audit log',
      run: runAuditCheckpointJob,
    }),
    defineJob({
      kind: 'audit-verify',
      schema: AuditVerifyJobSchema,
      what: 'checking the audit chain',
      run: runAuditVerifyJob,
    }),
  ],
});
