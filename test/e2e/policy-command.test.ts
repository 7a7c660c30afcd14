import {
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_LONDON_TRADING_CONNECTOR_ID,
} from '@chime-voice-ops/chime-emulator';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../support/bot-harness';
import { useBotHarnessWithSecurityGroup } from '../support/e2e-change-requests';
import { taggedPolicy } from '../support/policy-fixtures';

/** Seeded as "Contact Center US East", tagged `Environment=prod`. */
const PROD = SEED_CONTACT_CENTER_CONNECTOR_ID;
/** Seeded tagged `Environment=branch`. */
const BRANCH = SEED_BRANCH_OFFICES_CONNECTOR_ID;

/** Between the tag rules: connectors named like the contact centre. */
const POLICY = taggedPolicy(`  - name: contact-centres
    match:
      connectorNames: ["Contact Center*"]
    approvals: 2
    approvers: [S0APPROVERS]
`);

describe('/chime policy <connector>: the rules for that connector, by its name and tags', () => {
  const { harness } = useBotHarnessWithSecurityGroup(POLICY);

  it('reads the connector name and tags and shows only the rules that match them', async () => {
    const prod = await runCommand(harness, 'U0OBSERVER', `policy ${PROD}`);
    expect(prod).toContain(
      `\`${PROD}\` is named *Contact Center US East* and is tagged \`Environment=prod\`, \`Team=contact-centre\`.`,
    );
    expect(prod).toContain('*1. production*');
    expect(prod).toContain('*2. contact-centres*');
    expect(prod).toContain('*3. everything-else*');

    const branch = await runCommand(harness, 'U0OBSERVER', `policy ${BRANCH}`);
    expect(branch).toContain('is tagged `Environment=branch`.');
    expect(branch).not.toContain('production');
    expect(branch).not.toContain('contact-centres');
    expect(branch).toContain('*3. everything-else*');
  });

  it('looks in the region given, and says when the connector is not there', async () => {
    const elsewhere = await runCommand(harness, 'U0OBSERVER', `policy ${SEED_LONDON_TRADING_CONNECTOR_ID}`);
    expect(elsewhere).toContain(`is not among the connectors of us-east-1`);
    expect(elsewhere).toContain('Could not read its tags (no such connector in this region)');

    const london = await runCommand(
      harness,
      'U0OBSERVER',
      `policy ${SEED_LONDON_TRADING_CONNECTOR_ID} --region eu-west-2`,
    );
    expect(london).toContain('is named *London Trading Floor* and is tagged `Environment=prod`, `Team=trading`.');
    expect(london).not.toContain('Could not read');
    expect(london).toContain('*1. production*');
    expect(london).not.toContain('contact-centres');
  });

  it('says when the tags cannot be read, and keeps the rules on tags as ones that might apply', async () => {
    harness.chime.failOperation('ListTagsForResource', { errorName: 'AccessDeniedException' });
    try {
      const shown = await runCommand(harness, 'U0OBSERVER', `policy ${BRANCH}`);
      expect(shown).toContain(
        `⚠️ Could not read its tags (access denied) of \`${BRANCH}\` in us-east-1: the rules that match on them are shown as ones that might apply`,
      );
      expect(shown).toContain('*1. production*');
      expect(shown).not.toContain('contact-centres');
    } finally {
      harness.chime.clearFaults();
    }
  });
});
