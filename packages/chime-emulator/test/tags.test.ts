import {
  CreateVoiceConnectorCommand,
  GetVoiceConnectorCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import { describe, expect, it } from 'vitest';
import {
  EMULATOR_ACCOUNT_ID,
  SEED_BRANCH_OFFICES_CONNECTOR_ID,
  SEED_CONTACT_CENTER_CONNECTOR_ID,
  SEED_LONDON_TRADING_CONNECTOR_ID,
} from '../src/seed';
import { rejectionOf, unchecked } from './chime-test-client';
import { useChimeEmulator } from './support/emulator-fixture';

const chime = useChimeEmulator();

async function arnOf(voiceConnectorId: string): Promise<string> {
  const { VoiceConnector } = await chime.client.send(
    new GetVoiceConnectorCommand({ VoiceConnectorId: voiceConnectorId }),
  );
  return VoiceConnector?.VoiceConnectorArn ?? '';
}

describe('ListTagsForResource, TagResource and UntagResource', () => {
  it("lists a seeded connector's tags by the ARN GetVoiceConnector gives", async () => {
    const ResourceARN = await arnOf(SEED_CONTACT_CENTER_CONNECTOR_ID);
    const { Tags } = await chime.client.send(new ListTagsForResourceCommand({ ResourceARN }));
    expect(Tags).toEqual([
      { Key: 'Environment', Value: 'prod' },
      { Key: 'Team', Value: 'contact-centre' },
    ]);
    const branch = await chime.client.send(
      new ListTagsForResourceCommand({ ResourceARN: await arnOf(SEED_BRANCH_OFFICES_CONNECTOR_ID) }),
    );
    expect(branch.Tags).toEqual([{ Key: 'Environment', Value: 'branch' }]);
  });

  it('tags and untags a connector, replacing the value of a key it already has', async () => {
    const ResourceARN = await arnOf(SEED_BRANCH_OFFICES_CONNECTOR_ID);
    await chime.client.send(
      new TagResourceCommand({
        ResourceARN,
        Tags: [
          { Key: 'Environment', Value: 'staging' },
          { Key: 'Owner', Value: 'voice-ops' },
        ],
      }),
    );
    expect((await chime.client.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags).toEqual([
      { Key: 'Environment', Value: 'staging' },
      { Key: 'Owner', Value: 'voice-ops' },
    ]);
    await chime.client.send(new UntagResourceCommand({ ResourceARN, TagKeys: ['Environment', 'Missing'] }));
    expect((await chime.client.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags).toEqual([
      { Key: 'Owner', Value: 'voice-ops' },
    ]);
    await chime.client.send(new UntagResourceCommand({ ResourceARN, TagKeys: ['Owner'] }));
    expect((await chime.client.send(new ListTagsForResourceCommand({ ResourceARN }))).Tags ?? []).toEqual([]);
  });

  it('keeps the tags CreateVoiceConnector was given', async () => {
    const { VoiceConnector } = await chime.client.send(
      new CreateVoiceConnectorCommand({
        Name: 'Lab',
        RequireEncryption: true,
        AwsRegion: 'us-east-1',
        Tags: [{ Key: 'Environment', Value: 'lab' }],
      }),
    );
    const { Tags } = await chime.client.send(
      new ListTagsForResourceCommand({ ResourceARN: VoiceConnector?.VoiceConnectorArn ?? '' }),
    );
    expect(Tags).toEqual([{ Key: 'Environment', Value: 'lab' }]);
  });

  it('answers NotFoundException for an unknown connector or one in another region', async () => {
    const unknown = await rejectionOf(
      chime.client.send(
        new ListTagsForResourceCommand({
          ResourceARN: `arn:aws:chime:us-east-1:${EMULATOR_ACCOUNT_ID}:vc/abcdefghijklmnopqrstuv`,
        }),
      ),
    );
    expect(unknown.name).toBe('NotFoundException');
    const london = await rejectionOf(
      chime.client.send(
        new ListTagsForResourceCommand({
          ResourceARN: `arn:aws:chime:eu-west-2:${EMULATOR_ACCOUNT_ID}:vc/${SEED_LONDON_TRADING_CONNECTOR_ID}`,
        }),
      ),
    );
    expect(london.name).toBe('NotFoundException');
  });

  it('validates the input against the model (an empty tag list, a bad ARN)', async () => {
    const ResourceARN = await arnOf(SEED_CONTACT_CENTER_CONNECTOR_ID);
    const empty = await rejectionOf(chime.client.send(new TagResourceCommand({ ResourceARN, Tags: [] })));
    expect(empty.name).toBe('BadRequestException');
    const missingValue = await rejectionOf(
      chime.client.send(new TagResourceCommand({ ResourceARN, Tags: unchecked([{ Key: 'Environment' }]) })),
    );
    expect(missingValue.name).toBe('BadRequestException');
    const badArn = await rejectionOf(chime.client.send(new ListTagsForResourceCommand({ ResourceARN: 'not an arn' })));
    expect(badArn.name).toBe('BadRequestException');
  });
});
