import { ChimeSDKVoiceClient, PutVoiceConnectorTerminationCommand } from '@aws-sdk/client-chime-sdk-voice';
import { EMULATOR_ACCOUNT_ID, SEED_CONTACT_CENTER_CONNECTOR_ID } from '@chime-voice-ops/chime-emulator';

/**
 * `npm run sandbox:outside-change`: a change made outside the bot, as an admin at the console or
 * with the CLI would, so that a new user sees a drift alert. It maps an access key to the IAM user
 * `outside-admin` in the emulator, adds `192.0.2.0/28` to the contact center's allowed CIDRs with
 * the AWS SDK signed with that key, then asks the sandbox's bot to check that connector at once
 * (`POST /sandbox/drift-check`). The sandbox prints this command with its two URLs.
 *
 *   CHIME_URL=http://127.0.0.1:4010 BOT_URL=http://localhost:3000 npm run --silent sandbox:outside-change [<voice-connector-id>]
 */
const ACCESS_KEY = 'AKIAOUTSIDEADMIN0001';

async function main(): Promise<void> {
  const chimeUrl = process.env.CHIME_URL;
  const botUrl = process.env.BOT_URL;
  if (chimeUrl === undefined || botUrl === undefined) {
    process.stderr.write('Set CHIME_URL and BOT_URL: `npm start` (the sandbox) prints the whole command.\n');
    process.exit(2);
  }
  const voiceConnectorId = process.argv[2] ?? SEED_CONTACT_CENTER_CONNECTOR_ID;
  const mapped = await fetch(`${chimeUrl}/_emulator/principals`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      accessKeyId: ACCESS_KEY,
      principal: {
        arn: `arn:aws:iam::${EMULATOR_ACCOUNT_ID}:user/outside-admin`,
        userName: 'outside-admin',
        type: 'IAMUser',
      },
    }),
  });
  if (!mapped.ok) throw new Error(`the emulator refused the principal (${mapped.status})`);

  const client = new ChimeSDKVoiceClient({
    region: 'us-east-1',
    endpoint: chimeUrl,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: 'outside-admin-secret' },
    maxAttempts: 1,
  });
  try {
    const { GetVoiceConnectorTerminationCommand } = await import('@aws-sdk/client-chime-sdk-voice');
    const current = (await client.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: voiceConnectorId })))
      .Termination;
    const cidrs = current?.CidrAllowedList ?? [];
    const added = cidrs.includes('192.0.2.0/28') ? '192.0.2.16/28' : '192.0.2.0/28';
    await client.send(
      new PutVoiceConnectorTerminationCommand({
        VoiceConnectorId: voiceConnectorId,
        Termination: { ...current, CidrAllowedList: [...cidrs, added] },
      }),
    );
    process.stdout.write(
      `outside-admin added ${added} to the allowed CIDRs of ${voiceConnectorId} (AWS SDK, not the bot).\n`,
    );
  } finally {
    client.destroy();
  }

  const checked = await fetch(`${botUrl}/sandbox/drift-check`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ voiceConnectorId, region: 'us-east-1' }),
  });
  const answer = (await checked.json().catch(() => ({}))) as { outcome?: string };
  process.stdout.write(
    checked.ok
      ? `The bot checked it at once (${answer.outcome ?? 'done'}): see the alert in #voice-approvals.\n`
      : `The bot did not check it (${checked.status}); the next scheduled check will.\n`,
  );
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
