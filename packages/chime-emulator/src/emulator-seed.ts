import { z } from 'zod';
import { modelShapeSchema } from './model-validation';

/**
 * One voice connector and everything configured on it, in the wire shapes (PascalCase) AWS uses,
 * each checked against its shape in the model. Passwords are kept by the emulator but never sent back.
 */
export const SeedVoiceConnectorSchema = z.object({
  VoiceConnector: modelShapeSchema('VoiceConnector', {
    require: ['VoiceConnectorId', 'AwsRegion', 'Name', 'RequireEncryption'],
  }),
  Termination: modelShapeSchema('Termination').optional(),
  Origination: modelShapeSchema('Origination').optional(),
  Proxy: modelShapeSchema('Proxy').optional(),
  ProxySessions: z.array(modelShapeSchema('ProxySession', { require: ['ProxySessionId'] })).optional(),
  Credentials: z.array(modelShapeSchema('Credential', { require: ['Username', 'Password'] })).optional(),
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

export type EmulatorSeed = z.output<typeof EmulatorSeedSchema>;
export type SeedVoiceConnector = z.output<typeof SeedVoiceConnectorSchema>;
