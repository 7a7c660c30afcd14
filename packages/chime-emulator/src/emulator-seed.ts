import { z } from 'zod';
import { modelShapeSchema } from './model-validation';

/**
 * The last SIP OPTIONS ping of a connector's termination, as a seed or a test gives it: where it came
 * from (`Source`, an address that may carry a port) and when, in one of three ways, relative to the
 * emulator's clock where that matters:
 * - `Timestamp`: at that instant;
 * - `SecondsAgo`: that long before the seed is loaded (at start, `seed()` or `reset()`);
 * - `EverySeconds`: the PBX keeps pinging at that interval, so the last ping is never older than it.
 * With none of them, the ping happened when the seed was loaded.
 *
 * @example
 * { "Source": "198.51.100.10:5061", "EverySeconds": 30 }
 */
export const SeedTerminationHealthSchema = z
  .object({
    Source: z.string().min(1),
    Timestamp: z.iso.datetime({ offset: true }).optional(),
    SecondsAgo: z.number().min(0).optional(),
    EverySeconds: z.number().positive().max(86_400).optional(),
  })
  .strict()
  .refine(
    (health) =>
      [health.Timestamp, health.SecondsAgo, health.EverySeconds].filter((when) => when !== undefined).length <= 1,
    { message: 'Give at most one of Timestamp, SecondsAgo and EverySeconds' },
  );

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
  /** Absent: no ping recorded. */
  TerminationHealth: SeedTerminationHealthSchema.optional(),
  /** Absent: both kinds of logging off. */
  LoggingConfiguration: modelShapeSchema('LoggingConfiguration').optional(),
  /** The connector's AWS tags (ListTagsForResource on its ARN); absent: none. */
  Tags: modelShapeSchema('TagList').optional(),
});

/**
 * What the emulator holds at start or after `seed()`.
 *
 * @example
 * {
 *   "VoiceConnectors": [{
 *     "VoiceConnector": { "VoiceConnectorId": "abcdef1234567890abcdef", "AwsRegion": "us-east-1", "Name": "Lab", "RequireEncryption": true },
 *     "Termination": { "CpsLimit": 1, "CallingRegions": ["US"], "Disabled": false },
 *     "Credentials": [{ "Username": "lab-sbc", "Password": "not-a-real-password" }],
 *     "TerminationHealth": { "Source": "192.0.2.10:5060", "SecondsAgo": 20 },
 *     "LoggingConfiguration": { "EnableSIPLogs": true, "EnableMediaMetricLogs": false }
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
export type SeedTerminationHealth = z.output<typeof SeedTerminationHealthSchema>;
