import { MODEL_SHAPES } from './chime-sdk-voice-model.generated';

/** The regions where Chime SDK Voice runs: the model's `VoiceConnectorAwsRegion`. */
export const CHIME_REGIONS = MODEL_SHAPES.VoiceConnectorAwsRegion.enum;

export type ChimeRegion = (typeof CHIME_REGIONS)[number];

export function isChimeRegion(value: string): value is ChimeRegion {
  return (CHIME_REGIONS as readonly string[]).includes(value);
}
