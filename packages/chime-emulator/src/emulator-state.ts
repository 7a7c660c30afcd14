import { type EmulatorSeed, EmulatorSeedSchema } from './emulator-seed';
import type { ModelValue } from './model-shapes';
import type { ChimeRegion } from './regions';

export type StoredVoiceConnectorDescription = ModelValue<'VoiceConnector'> & {
  VoiceConnectorId: string;
  AwsRegion: ChimeRegion;
};

/** A connector and its settings as the emulator keeps them. */
export interface StoredVoiceConnector {
  voiceConnector: StoredVoiceConnectorDescription;
  termination?: ModelValue<'Termination'>;
  origination?: ModelValue<'Origination'>;
  proxy?: ModelValue<'Proxy'>;
  proxySessions: Map<string, ModelValue<'ProxySession'> & { ProxySessionId: string }>;
  /** Username to password. Passwords never leave the emulator. */
  credentials: Map<string, string>;
}

/** The emulator's in-memory account: voice connectors by ID, each in one region. */
export class EmulatorState {
  readonly #connectors = new Map<string, StoredVoiceConnector>();

  /** Replaces everything with the seed; throws if the seed breaks the model. */
  load(seed: EmulatorSeed): void {
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
      });
    }
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
