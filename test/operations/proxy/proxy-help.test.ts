import { describe, expect, it } from 'vitest';
import { EXAMPLE_PROXY_SESSION, helpMessage } from '../../../src/blocks/help-message';
import { REGISTRY } from '../../../src/operations/registry';
import { expectWithinSlackLimits, visibleText } from '../../support/block-kit-limits';

describe('the help on proxy sessions', () => {
  it('says where proxy session IDs are listed, and that the example’s IDs are placeholders', () => {
    // Act
    const message = helpMessage({ ...REGISTRY.help, command: '/voice' });

    // Assess
    const entries = message.blocks.map((block) => visibleText(block));
    const session = entries.find((entry) => entry.startsWith('`/voice session')) ?? '';
    const proxy = entries.find((entry) => entry.startsWith('`/voice proxy')) ?? '';
    expect(session).toContain('IDs are listed by `proxy &lt;voice-connector-id&gt;`');
    expect(session).toContain('the IDs in the example are placeholders');
    expect(session).toContain(`Example: \`/voice session abcdef1234567890abcdef ${EXAMPLE_PROXY_SESSION}\``);
    expect(proxy).toContain('the open proxy sessions with their IDs');
    expectWithinSlackLimits(message, 'message');
  });
});
