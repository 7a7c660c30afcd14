import type { z } from 'zod';
import { VoiceConnectorAwsRegionSchema } from './chime-sdk-voice-schemas.generated';

export type ChimeRegion = z.infer<typeof VoiceConnectorAwsRegionSchema>;

/**
 * The ten AWS Regions in which Amazon Chime SDK Voice Connectors run: the `VoiceConnectorAwsRegion`
 * enum of the service model, which is also the list of regional `voice-chime` endpoints.
 */
export const CHIME_REGIONS: readonly ChimeRegion[] = VoiceConnectorAwsRegionSchema.options;

export function isChimeRegion(value: string): value is ChimeRegion {
  return (CHIME_REGIONS as readonly string[]).includes(value);
}
