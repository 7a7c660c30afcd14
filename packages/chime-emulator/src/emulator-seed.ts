import { z } from 'zod';
import {
  BooleanSchema,
  NonEmptyString128Schema,
  OriginationSchema,
  ProxySchema,
  ProxySessionSchema,
  SensitiveStringSchema,
  TerminationSchema,
  VoiceConnectorAwsRegionSchema,
  VoiceConnectorIdSchema,
  VoiceConnectorNameSchema,
  VoiceConnectorSchema,
} from '../../../src/chime/model-schemas';

/**
 * One voice connector and everything configured on it, in the wire shapes (PascalCase) AWS uses.
 * Passwords are kept by the emulator but never sent back.
 */
export const SeedVoiceConnectorSchema = z.object({
  VoiceConnector: VoiceConnectorSchema.extend({
    VoiceConnectorId: VoiceConnectorIdSchema,
    AwsRegion: VoiceConnectorAwsRegionSchema,
    Name: VoiceConnectorNameSchema,
    RequireEncryption: BooleanSchema,
  }),
  Termination: TerminationSchema.optional(),
  Origination: OriginationSchema.optional(),
  Proxy: ProxySchema.optional(),
  ProxySessions: z.array(ProxySessionSchema.extend({ ProxySessionId: NonEmptyString128Schema })).optional(),
  Credentials: z.array(z.object({ Username: SensitiveStringSchema, Password: SensitiveStringSchema })).optional(),
});

/**
 * What the emulator holds at start or after `seed()`.
 *
 * @example
 * {
 *   "VoiceConnectors": [{
 *     "VoiceConnector": { "VoiceConnectorId": "abcdef1234567890abcdef", "AwsRegion": "us-east-1", "Name": "Lab", "RequireEncryption": true },
 *     "Termination": { "CpsLimit": 1, "CallingRegions": ["US"], "Disabled": false },
 *     "Credentials": [{ "Username": "lab-sbc", "Password": "not-a-real-password" }]
 *   }]
 * }
 */
export const EmulatorSeedSchema = z
  .object({ VoiceConnectors: z.array(SeedVoiceConnectorSchema) })
  .superRefine((seed, context) => {
    const seen = new Set<string>();
    seed.VoiceConnectors.forEach((entry, index) => {
      const id = entry.VoiceConnector.VoiceConnectorId;
      if (seen.has(id)) {
        context.addIssue({
          code: 'custom',
          path: ['VoiceConnectors', index, 'VoiceConnector', 'VoiceConnectorId'],
          message: `Voice connector ${id} appears twice in the seed`,
        });
      }
      seen.add(id);
    });
  });

export type EmulatorSeed = z.input<typeof EmulatorSeedSchema>;
export type SeedVoiceConnector = z.input<typeof SeedVoiceConnectorSchema>;
