import { type EmulatorSeed, EmulatorSeedSchema, type SeedTerminationHealth } from './emulator-seed';
import type { ModelValue } from './model-shapes';
import type { ChimeRegion } from './regions';

export type StoredVoiceConnectorDescription = ModelValue<'VoiceConnector'> & {
  VoiceConnectorId: string;
  AwsRegion: ChimeRegion;
  Name: string;
  RequireEncryption: boolean;
};

/** The last ping as kept: at a fixed instant, or from a PBX that keeps pinging at an interval. */
export type StoredTerminationHealth = { Source: string } & ({ Timestamp: string } | { EverySeconds: number });

/** A connector and its settings as the emulator keeps them. */
export interface StoredVoiceConnector {
  voiceConnector: StoredVoiceConnectorDescription;
  termination?: ModelValue<'Termination'>;
  origination?: ModelValue<'Origination'>;
  proxy?: ModelValue<'Proxy'>;
  proxySessions: Map<string, ModelValue<'ProxySession'> & { ProxySessionId: string }>;
  /** Username to password. Passwords never leave the emulator (except into its own state file). */
  credentials: Map<string, string>;
  terminationHealth?: StoredTerminationHealth;
  loggingConfiguration?: ModelValue<'LoggingConfiguration'>;
  /** The connector's AWS tags, key to value, in the order they were added. */
  tags: Map<string, string>;
}

/** A seed's ping in the form the emulator keeps: `SecondsAgo` and "no time given" become a timestamp. */
export function storedTerminationHealth(health: SeedTerminationHealth, now: Date): StoredTerminationHealth {
  if (health.EverySeconds !== undefined) return { Source: health.Source, EverySeconds: health.EverySeconds };
  const timestamp = health.Timestamp ?? new Date(now.getTime() - (health.SecondsAgo ?? 0) * 1000).toISOString();
  return { Source: health.Source, Timestamp: timestamp };
}

/**
 * The ping as GetVoiceConnectorTerminationHealth answers it at `now`. A PBX that pings every N
 * seconds was last heard at the most recent whole multiple of N seconds since the epoch.
 */
export function terminationHealthAt(health: StoredTerminationHealth, now: Date): ModelValue<'TerminationHealth'> {
  if ('Timestamp' in health) return { Timestamp: health.Timestamp, Source: health.Source };
  const periodMs = health.EverySeconds * 1000;
  const last = Math.floor(now.getTime() / periodMs) * periodMs;
  return { Timestamp: new Date(last).toISOString(), Source: health.Source };
}

/** The emulator's in-memory account: voice connectors by ID, each in one region. */
export class EmulatorState {
  readonly #connectors = new Map<string, StoredVoiceConnector>();

  /** Replaces everything with the seed (relative times taken from `now`); throws if the seed breaks the model. */
  load(seed: EmulatorSeed, now: Date): void {
    const parsed = EmulatorSeedSchema.parse(seed);
    this.#connectors.clear();
    for (const entry of structuredClone(parsed.VoiceConnectors)) {
      const id = entry.VoiceConnector.VoiceConnectorId;
      this.#connectors.set(id, {
        voiceConnector: entry.VoiceConnector,
        ...(entry.Termination === undefined ? {} : { termination: entry.Termination }),
        ...(entry.Origination === undefined ? {} : { origination: entry.Origination }),
        ...(entry.Proxy === undefined ? {} : { proxy: entry.Proxy }),
        proxySessions: new Map(
          (entry.ProxySessions ?? []).map((session) => [session.ProxySessionId, { ...session, VoiceConnectorId: id }]),
        ),
        credentials: new Map((entry.Credentials ?? []).map((credential) => [credential.Username, credential.Password])),
        ...(entry.TerminationHealth === undefined
          ? {}
          : { terminationHealth: storedTerminationHealth(entry.TerminationHealth, now) }),
        ...(entry.LoggingConfiguration === undefined ? {} : { loggingConfiguration: entry.LoggingConfiguration }),
        tags: new Map((entry.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
      });
    }
  }

  /**
   * Everything, as a seed that `load` takes back unchanged: passwords included, pings as kept
   * (a fixed timestamp, or the interval of a PBX that keeps pinging).
   */
  snapshot(): EmulatorSeed {
    return structuredClone({
      VoiceConnectors: [...this.#connectors.values()].map((connector) => ({
        VoiceConnector: connector.voiceConnector,
        ...(connector.termination === undefined ? {} : { Termination: connector.termination }),
        ...(connector.origination === undefined ? {} : { Origination: connector.origination }),
        ...(connector.proxy === undefined ? {} : { Proxy: connector.proxy }),
        ...(connector.proxySessions.size === 0 ? {} : { ProxySessions: [...connector.proxySessions.values()] }),
        ...(connector.credentials.size === 0
          ? {}
          : {
              Credentials: [...connector.credentials].map(([Username, Password]) => ({ Username, Password })),
            }),
        ...(connector.terminationHealth === undefined ? {} : { TerminationHealth: connector.terminationHealth }),
        ...(connector.loggingConfiguration === undefined
          ? {}
          : { LoggingConfiguration: connector.loggingConfiguration }),
        ...(connector.tags.size === 0 ? {} : { Tags: [...connector.tags].map(([Key, Value]) => ({ Key, Value })) }),
      })),
    });
  }

  clear(): void {
    this.#connectors.clear();
  }

  add(connector: StoredVoiceConnector): void {
    this.#connectors.set(connector.voiceConnector.VoiceConnectorId, connector);
  }

  /** A connector is found only in its own region, as with the regional Chime endpoints. */
  find(voiceConnectorId: string, region: string): StoredVoiceConnector | undefined {
    const connector = this.#connectors.get(voiceConnectorId);
    return connector?.voiceConnector.AwsRegion === region ? connector : undefined;
  }

  /** Whatever its region (for tests' read access). */
  get(voiceConnectorId: string): StoredVoiceConnector | undefined {
    return this.#connectors.get(voiceConnectorId);
  }

  has(voiceConnectorId: string): boolean {
    return this.#connectors.has(voiceConnectorId);
  }

  /** In the order they were created or seeded. */
  list(region?: string): StoredVoiceConnector[] {
    return [...this.#connectors.values()].filter(
      (connector) => region === undefined || connector.voiceConnector.AwsRegion === region,
    );
  }
}
