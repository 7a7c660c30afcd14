import { ChimeSDKVoiceClient, type ChimeSDKVoiceClientConfig } from '@aws-sdk/client-chime-sdk-voice';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { ChimeRegion } from './regions';

/** Concurrent connections per client (region); see `#clientFor`. */
const CHIME_MAX_SOCKETS = 500;

/** Where the adapter gets its SDK clients: one pair per region. */
export interface ChimeClientSource {
  /** For reads: the SDK retries throttling, 5xx and network failures. */
  readClient(region: ChimeRegion): ChimeSDKVoiceClient;
  /** For puts: no retries, so a change reaches the wire at most once. */
  writeClient(region: ChimeRegion): ChimeSDKVoiceClient;
}

export interface ChimeClientsOptions {
  /** How long to wait for a TCP (and TLS) connection. Default 3000 ms. */
  connectionTimeoutMs?: number;
  /** How long a whole request and its response may take. Default 10000 ms. */
  requestTimeoutMs?: number;
  /** Attempts for reads, the first included. Default 3 (the SDK's standard). */
  readMaxAttempts?: number;
  /** Leave unset to use the SDK's default credential chain (the Lambda role in production). */
  credentials?: ChimeSDKVoiceClientConfig['credentials'];
}

export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_READ_MAX_ATTEMPTS = 3;
/** Puts are not idempotent from the approver's point of view: never let the SDK send one twice. */
export const WRITE_MAX_ATTEMPTS = 1;

/**
 * Creates the Chime SDK Voice clients lazily, once per region and purpose, and keeps them for the
 * life of the process (a warm Lambda reuses their connections). The endpoint is never set here:
 * the SDK takes `AWS_ENDPOINT_URL_CHIME_SDK_VOICE` (or `AWS_ENDPOINT_URL`) from the environment by
 * itself, which is how the emulator is plugged in.
 *
 * @example
 * const clients = new ChimeClients({ requestTimeoutMs: 5_000 });
 * await clients.readClient('us-east-1').send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: id }));
 */
export class ChimeClients implements ChimeClientSource {
  readonly #options: Required<Omit<ChimeClientsOptions, 'credentials'>> & Pick<ChimeClientsOptions, 'credentials'>;
  readonly #readClients = new Map<ChimeRegion, ChimeSDKVoiceClient>();
  readonly #writeClients = new Map<ChimeRegion, ChimeSDKVoiceClient>();

  constructor(options: ChimeClientsOptions = {}) {
    this.#options = {
      connectionTimeoutMs: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      readMaxAttempts: options.readMaxAttempts ?? DEFAULT_READ_MAX_ATTEMPTS,
      credentials: options.credentials,
    };
  }

  readClient(region: ChimeRegion): ChimeSDKVoiceClient {
    return this.#clientFor(this.#readClients, region, this.#options.readMaxAttempts);
  }

  writeClient(region: ChimeRegion): ChimeSDKVoiceClient {
    return this.#clientFor(this.#writeClients, region, WRITE_MAX_ATTEMPTS);
  }

  /** Closes every client's sockets (tests and the local sandbox; a Lambda never needs it). */
  destroy(): void {
    for (const client of [...this.#readClients.values(), ...this.#writeClients.values()]) client.destroy();
    this.#readClients.clear();
    this.#writeClients.clear();
  }

  #clientFor(cache: Map<ChimeRegion, ChimeSDKVoiceClient>, region: ChimeRegion, maxAttempts: number) {
    let client = cache.get(region);
    if (client === undefined) {
      client = new ChimeSDKVoiceClient({
        region,
        maxAttempts,
        requestHandler: new NodeHttpHandler({
          connectionTimeout: this.#options.connectionTimeoutMs,
          requestTimeout: this.#options.requestTimeoutMs,
          // Without this the handler only warns when requestTimeout passes.
          throwOnRequestTimeout: true,
          // The SDK's default of 50 sockets is a cap per process: 200 reads of one connector with
          // Chime answering in 2 s would go in four waves (8 s), and other connectors' reads behind
          // them. Chime's own rate limits answer with throttling, which the bot reports.
          httpAgent: { maxSockets: CHIME_MAX_SOCKETS },
          httpsAgent: { maxSockets: CHIME_MAX_SOCKETS },
        }),
        ...(this.#options.credentials === undefined ? {} : { credentials: this.#options.credentials }),
      });
      cache.set(region, client);
    }
    return client;
  }
}
