import type { CheckpointResult } from '../../audit/audit-checkpoints';
import { inlineCode } from '../../blocks/slack-formatting';
import { contextBlock, sectionBlock, truncate } from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';

export type AuditCheckpointOutcome =
  | { kind: 'written'; result: CheckpointResult }
  | { kind: 'not-configured' }
  | { kind: 'failed' };

/**
 * The answer to `/chime audit checkpoint`: which object was written and what it vouches for.
 *
 * @example
 * auditCheckpointMessage({ kind: 'written', result: { key: 'checkpoints/000000000003.json', number: 3,
 *   time: '2026-12-01T10:00:00.000Z', chains: 2, refused: [], location: 's3://audit-checkpoints/' } });
 */
export function auditCheckpointMessage(outcome: AuditCheckpointOutcome): SlackMessage {
  switch (outcome.kind) {
    case 'not-configured':
      return composeMessage('Audit checkpoints are not configured.', [
        sectionBlock(
          '⚠️ *Audit checkpoints are not configured.* Set `AUDIT_CHECKPOINT_BUCKET` and `AUDIT_SIGNING_KEY_ID` (S3 and KMS), or `AUDIT_CHECKPOINT_DIR` in the sandbox.',
        ),
      ]);
    case 'failed':
      return composeMessage('The checkpoint could not be written.', [
        sectionBlock('❌ *The checkpoint could not be written.* Nothing was stored; the error is in the bot’s log.'),
      ]);
    case 'written': {
      const { result } = outcome;
      const chains = `${result.chains} ${result.chains === 1 ? 'chain' : 'chains'}`;
      const refused =
        result.refused.length === 0
          ? []
          : [
              sectionBlock(
                truncate(
                  `🚨 Left out because they do not verify: ${result.refused.map(inlineCode).join(', ')}. Run \`audit verify\` on them.`,
                  2900,
                ),
              ),
            ];
      return composeMessage(`Checkpoint ${result.number} written: ${result.key} (${chains})`, [
        sectionBlock(
          `✅ *Checkpoint ${result.number} written* (signed, write-once): vouches for ${chains} changed since the last one.`,
        ),
        ...refused,
        contextBlock([`${inlineCode(result.key)} in ${inlineCode(result.location)} · ${result.time}`]),
      ]);
    }
  }
}
