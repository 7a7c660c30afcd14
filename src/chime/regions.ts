/**
 * The ten AWS Regions in which Amazon Chime SDK Voice Connectors run: the `VoiceConnectorAwsRegion`
 * enum of the service model, which is also the list of regional `voice-chime` endpoints.
 */
export const CHIME_REGIONS = [
  'us-east-1',
  'us-west-2',
  'ca-central-1',
  'eu-central-1',
  'eu-west-1',
  'eu-west-2',
  'ap-northeast-2',
  'ap-northeast-1',
  'ap-southeast-1',
  'ap-southeast-2',
] as const;

export type ChimeRegion = (typeof CHIME_REGIONS)[number];

export function isChimeRegion(value: string): value is ChimeRegion {
  return (CHIME_REGIONS as readonly string[]).includes(value);
}
