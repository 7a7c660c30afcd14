import { describe, expect, it } from 'vitest';
import { credentialsModal } from '../../../src/operations/credentials/credentials-modal';
import { MAX_CREDENTIAL_PAIRS } from '../../../src/operations/credentials/credentials-rules';
import { expectWithinSlackLimits } from '../../support/block-kit-limits';
import { formMetadata } from '../../support/change-fixtures';

const REF = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' } as const;

function text(subject: unknown): string {
  return JSON.stringify(subject);
}

describe('credentials modal', () => {
  it('lists existing usernames, never pre-fills a password, and fits the pair bound', () => {
    const view = credentialsModal({
      ref: REF,
      metadata: formMetadata(MAX_CREDENTIAL_PAIRS),
      existing: { usernames: Array.from({ length: 300 }, (_, index) => `pbx-user-${index}`) },
    });

    expectWithinSlackLimits(view, 'modal');
    expect(text(view)).toContain('pbx-user-0');
    expect(text(view)).toContain('more');
    expect(text(view)).toContain(`Credential ${MAX_CREDENTIAL_PAIRS} · Password`);
    const passwordInputs = view.blocks.filter((block) => block.block_id?.endsWith('_password'));
    expect(passwordInputs).toHaveLength(MAX_CREDENTIAL_PAIRS);
    for (const block of passwordInputs) expect(text(block)).not.toContain('initial_value');
  });
});
