import { ChimeSDKVoiceClient } from '@aws-sdk/client-chime-sdk-voice';

/**
 * A Chime SDK Voice client of the emulator at `endpoint` (us-east-1, one attempt) signed with
 * another access key than the bot's: someone changing a connector outside the bot.
 */
export function outsideClient(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
): ChimeSDKVoiceClient {
  return new ChimeSDKVoiceClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 1 });
}
