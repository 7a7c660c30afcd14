import type { ChangeKind } from '../changes/change-kind';
import { type Config, missingChangeSettings } from '../config/config';

/**
 * Why a kind of change cannot be requested with this configuration, naming the variables to
 * set; `undefined` when it can. Reads keep working either way.
 */
export function changesUnavailableReason(
  config: Pick<Config, 'approvalChannel' | 'approvers' | 'sealing'>,
  kind?: Pick<ChangeKind, 'noun' | 'secrets'>,
): string | undefined {
  const missing = missingChangeSettings(config);
  if (missing.length > 0) {
    return `Change requests need ${missing.map((name) => `\`${name}\``).join(' and ')} to be set. Reads still work.`;
  }
  if (kind?.secrets !== undefined && config.sealing === undefined) {
    const noun = kind.noun.charAt(0).toUpperCase() + kind.noun.slice(1);
    return `${noun} changes need \`KMS_KEY_ID\` (in AWS) or \`SEAL_KEY\` (elsewhere) to encrypt pending ${kind.secrets.noun}. Other changes and reads still work.`;
  }
  return undefined;
}
