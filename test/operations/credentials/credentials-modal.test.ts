import { describe, expect, it } from 'vitest';
import { credentialsModal } from '../../../src/operations/credentials/credentials-modal';
import { MAX_CREDENTIAL_PAIRS } from '../../../src/operations/credentials/credentials-rules';
import { expectWithinSlackLimits } from '../../support/block-kit-limits';
import { formMetadata } from '../../support/change-fixtures';
import { jsonText } from '../../support/visible-text';

const REF = { voiceConnectorId: 'abcdef1234567890abcdef', region: 'us-east-1' } as const;

describe('credentials modal', () => {
  it('lists existing usernames, never pre-fills a password, and fits the pair bound', () => {
    const view = credentialsModal({
      ref: REF,
      metadata: formMetadata(MAX_CREDENTIAL_PAIRS),
      existing: { usernames: Array.from({ length: 300 }, (_, index) => `pbx-user-${index}`) },
    });

    expectWithinSlackLimits(view, 'modal');
    expect(jsonText(view)).toContain('pbx-user-0');
    expect(jsonText(view)).toContain('more');
    expect(jsonText(view)).toContain(`Credential ${MAX_CREDENTIAL_PAIRS} · Password`);
    const passwordInputs = view.blocks.filter((block) => block.block_id?.endsWith('_password'));
    expect(passwordInputs).toHaveLength(MAX_CREDENTIAL_PAIRS);
    for (const block of passwordInputs) expect(jsonText(block)).not.toContain('initial_value');
  });
});
