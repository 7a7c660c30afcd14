import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { CHIME_EXCEPTION_NAMES, type ChimeExceptionName, EmulatedAwsError } from './aws-exceptions';
import { isWriteOperation, type RecordedChange, recordedChange } from './change-record';
import { MODEL_OPERATIONS, MODEL_SHAPES } from './chime-sdk-voice-model.generated';
import {
  CLOUDTRAIL_SIGNING_NAME,
  cloudTrailOperation,
  isAwsRegionName,
  lookupEvents,
} from './cloudtrail-lookup-events';
import { EmulatorClock } from './emulator-clock';
import {
  type EmulatorSeed,
  EmulatorSeedSchema,
  type SeedTerminationHealth,
  SeedTerminationHealthSchema,
} from './emulator-seed';
import {
  EmulatorState,
  type StoredVoiceConnectorDescription,
  storedTerminationHealth,
  terminationHealthAt,
} from './emulator-state';
import type { ModelValue, ShapeName } from './model-shapes';
import { runOperation } from './operations';
import {
  type EmulatorPrincipal,
  EmulatorPrincipalSchema,
  type PrincipalMap,
  PrincipalMapSchema,
  syntheticPrincipal,
} from './principals';
import { type ChimeRegion, isChimeRegion } from './regions';
import {
  EMULATED_OPERATIONS,
  EMULATED_ROUTE_TABLE,
  EMULATED_ROUTES,
  type EmulatedOperation,
  isEmulatedOperation,
  MODEL_ROUTE_TABLE,
} from './routes';
import { DEFAULT_SEED } from './seed';
import { parseCredentialScope, requireChimeScope, requireSigV4Scope } from './sigv4-scope';
import { readStateFile, writeStateFile } from './state-file';

export type SeedChoice = EmulatorSeed | 'default' | 'none';

export interface ChimeEmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default `127.0.0.1`: the emulator is for this machine only. */
  host?: string;
  /** Default `'default'` ({@link DEFAULT_SEED}). */
  seed?: SeedChoice;
  /**
   * Keep the connectors, credentials, pings, logging and the change record in this JSON file: read at
   * start if it exists (instead of the seed), rewritten atomically after every change. It holds the
   * termination passwords as the emulator keeps them, and is created readable by its owner only.
   */
  stateFile?: string;
  /**
   * Who each SigV4 access key ID stands for in the change record and LookupEvents; any other key is
   * the IAM user `emulator-<key>` (see {@link syntheticPrincipal}).
   */
  principals?: PrincipalMap;
  /** How long after a change LookupEvents starts to return it (CloudTrail delivers minutes late). Default 0. */
  cloudTrailDeliveryDelayMs?: number;
  /** The clock the emulator reads "now" from (default the system's); {@link ChimeEmulator.advanceClock} moves it on. */
  clock?: () => Date;
}

/**
 * A connector's last SIP OPTIONS ping, as {@link ChimeEmulator.setTerminationHealth} takes it: the seed's
 * form ({@link SeedTerminationHealth}), where `Timestamp` may also be a `Date`. With no time given,
 * the ping happens now (by the emulator's clock).
 *
 * @example
 * emulator.setTerminationHealth(id, { Source: '203.0.113.10:5060', SecondsAgo: 5 });
 */
export type TerminationPing = Omit<SeedTerminationHealth, 'Timestamp'> & { Timestamp?: string | Date };

/** One request as the emulator received it. Kept in memory for tests; never logged. */
export interface RecordedRequest {
  /**
   * The model operation the request addressed, or `Unknown` for a route the model does not have; for
   * a request to the CloudTrail stand-in, the CloudTrail operation its `X-Amz-Target` names.
   */
  operation: string;
  /** Present only on requests to the CloudTrail stand-in; absent for Chime SDK Voice. */
  service?: 'cloudtrail';
  method: string;
  /** The path as sent, percent-encoding included, without the query. */
  path: string;
  query: Record<string, string>;
  /** From the SigV4 credential scope; absent if the request was not signed. */
  region?: string;
  /** The JSON body exactly as received (a string if it was not JSON; absent if empty). */
  body?: unknown;
  requestId: string;
  /** The status answered; absent while the request is in flight. */
  status?: number;
}

/** A raw answer to send instead of the emulated one, e.g. a body that breaks the model. */
export interface RawAnswer {
  /** Default: the operation's success status. */
  status?: number;
  /** Sent as JSON, unchecked; `undefined` sends no body. */
  body: unknown;
  /** How many calls to answer this way; default: every call until {@link ChimeEmulator.clearFaults}. */
  times?: number;
  /**
   * Carry the call out first, then send this answer: a change that lands but whose answer cannot
   * be read (a 200 with a malformed body). Default: the call does nothing.
   */
  afterApplying?: boolean;
}

export interface FaultOptions {
  errorName: ChimeExceptionName;
  /** Default: the exception's usual AWS wording. */
  message?: string;
  /** How many calls to fail; default: every call until {@link ChimeEmulator.clearFaults}. */
  times?: number;
}

/**
 * A local Amazon Chime SDK Voice that speaks rest-json as the real service does, for tests and
 * the sandbox. Point the SDK at it with `AWS_ENDPOINT_URL_CHIME_SDK_VOICE=<url>`.
 *
 * @example
 * const emulator = await startChimeEmulator();
 * const client = new ChimeSDKVoiceClient({ region: 'us-east-1', endpoint: emulator.url, credentials });
 * await client.send(new GetVoiceConnectorTerminationCommand({ VoiceConnectorId: SEED_CONTACT_CENTER_CONNECTOR_ID }));
 * expect(emulator.requests.at(-1)?.operation).toBe('GetVoiceConnectorTermination');
 * await emulator.close();
 */
export interface ChimeEmulator {
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Every request received, oldest first (a copy). */
  readonly requests: readonly RecordedRequest[];
  requestsFor(operation: string): RecordedRequest[];
  clearRequests(): void;
  /** Delays every answer of `operation` (or of all, `'*'`) by `ms`; 0 removes the delay. */
  setLatency(operation: EmulatedOperation | '*', ms: number): void;
  /** Answers `operation` (or all, `'*'`) with an AWS error, `times` times or until cleared. */
  failOperation(operation: EmulatedOperation | '*', fault: FaultOptions): void;
  /** Answers `operation` with `answer` instead (to test how a client copes with a malformed response). */
  answerWith(operation: EmulatedOperation, answer: RawAnswer): void;
  /**
   * Throttles a share of the calls to `operation` (or to all, `'*'`) with ThrottledClientException
   * (429), as Chime's rate limits do: `fraction` 0.5 refuses every second call, 1 every call, 0
   * none. Deterministic (a running count, not chance), so that a test or a bench repeats exactly.
   */
  setThrottling(operation: EmulatedOperation | '*', fraction: number): void;
  /** How many calls were throttled by {@link setThrottling} since start or `reset()`. */
  readonly throttledCount: number;
  /** Removes every injected error, raw answer and throttling. */
  clearFaults(): void;
  /** Replaces every connector with `data` (the change record stays). */
  seed(data: SeedChoice): void;
  /**
   * Back to the start-up seed (not the state file's contents), with no faults, no latency, no recorded
   * requests, no recorded changes, the clock, principals and delivery delay as at start.
   */
  reset(): void;
  getVoiceConnector(voiceConnectorId: string): StoredVoiceConnectorDescription | undefined;
  listVoiceConnectorIds(region?: ChimeRegion): string[];
  getTermination(voiceConnectorId: string): ModelValue<'Termination'> | undefined;
  getOrigination(voiceConnectorId: string): ModelValue<'Origination'> | undefined;
  getProxy(voiceConnectorId: string): ModelValue<'Proxy'> | undefined;
  getProxySession(voiceConnectorId: string, proxySessionId: string): ModelValue<'ProxySession'> | undefined;
  /** Usernames only: the emulator never hands out a password. */
  getCredentialUsernames(voiceConnectorId: string): string[] | undefined;
  /** Whether `username` holds exactly `password` (to check a put without exposing what is stored). */
  hasCredential(voiceConnectorId: string, username: string, password: string): boolean;
  /** The last ping as GetVoiceConnectorTerminationHealth would answer it now; `undefined` if none. */
  getTerminationHealth(voiceConnectorId: string): ModelValue<'TerminationHealth'> | undefined;
  /** Sets the connector's last ping (`undefined`: none recorded). Throws for an unknown connector. */
  setTerminationHealth(voiceConnectorId: string, ping: TerminationPing | undefined): void;
  /** As stored; `undefined` if it was never configured (the operation then answers both flags off). */
  getLoggingConfiguration(voiceConnectorId: string): ModelValue<'LoggingConfiguration'> | undefined;
  /** The emulator's "now": the clock it was given, moved on by {@link advanceClock}. */
  now(): Date;
  /** Moves the emulator's clock on by `ms` (pings age, CloudTrail deliveries come due); `reset()` moves it back. */
  advanceClock(ms: number): void;
  /** Who `accessKeyId` stands for: the mapped principal, or the synthetic IAM user. */
  principalFor(accessKeyId: string): EmulatorPrincipal;
  /** Maps an access key ID to a principal, on top of the `principals` option (until `reset()`). */
  setPrincipal(accessKeyId: string, principal: EmulatorPrincipal): void;
  /** Every change accepted, oldest first, delivered to LookupEvents or not (a copy). */
  readonly recordedChanges: readonly RecordedChange[];
  /** The delivery delay for changes accepted from now on (until `reset()`). */
  setCloudTrailDeliveryDelay(ms: number): void;
  /** The state file, if the emulator keeps one. */
  readonly stateFile: string | undefined;
  close(): Promise<void>;
}

/** What a control request (`/_emulator/...`) is answered: a status and a JSON body. */
type ControlAnswer = { status: number; body: unknown };

const MAX_BODY_BYTES = 1024 * 1024;
const CONTROL_PREFIX = '/_emulator';

function resolveSeed(choice: SeedChoice): EmulatorSeed {
  if (choice === 'default') return DEFAULT_SEED;
  if (choice === 'none') return { VoiceConnectors: [] };
  return choice;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(EmulatedAwsError.of('BadRequestException', 'The request body is too large.'));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function decodeSegments(rawPath: string): string[] {
  try {
    return rawPath.split('/').slice(1).map(decodeURIComponent);
  } catch {
    throw EmulatedAwsError.of('BadRequestException', 'The request path is not valid percent-encoding.');
  }
}

/** Query values are strings on the wire; integers are read as AWS reads them, anything else is left to fail validation. */
function queryInteger(value: string): number | string {
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** A query parameter as the member's shape reads it: integers and booleans as AWS parses them, anything else as sent. */
function queryValue(shape: ShapeName, value: string): unknown {
  switch (MODEL_SHAPES[shape].type) {
    case 'integer':
      return queryInteger(value);
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

/**
 * The members of the operation's input shape, gathered as the model binds them: the JSON body,
 * then the query parameters and URI labels the shape names (`next-token` → `NextToken`,
 * `{voiceConnectorId}` → `VoiceConnectorId`).
 */
function operationInput(
  operation: EmulatedOperation,
  method: string,
  body: unknown,
  labels: Record<string, string>,
  query: URLSearchParams,
): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  if (method !== 'GET' && method !== 'DELETE' && body !== undefined) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw EmulatedAwsError.of('BadRequestException', 'The request body must be a JSON object.');
    }
    Object.assign(input, body);
  }
  const inputShape: ShapeName = MODEL_OPERATIONS[operation].input;
  for (const [member, binding] of Object.entries(MODEL_SHAPES[inputShape].members)) {
    if (typeof binding === 'string') continue;
    if ('query' in binding) {
      const value = query.get(binding.query);
      if (value !== null) input[member] = queryValue(binding.shape, value);
    } else {
      const value = labels[binding.uri];
      if (value !== undefined) input[member] = value;
    }
  }
  return input;
}

/** Copies a recorded body for the HTTP control API with every password replaced. */
function redactPasswords(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactPasswords);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, member]) => [key, key === 'Password' ? '[redacted]' : redactPasswords(member)]),
    );
  }
  return value;
}

const OperationOrAllSchema = z.union([z.literal('*'), z.enum(EMULATED_OPERATIONS)]);
const LatencyControlSchema = z.object({ operation: OperationOrAllSchema, ms: z.int().min(0).max(600_000) });
const FaultControlSchema = z.object({
  operation: OperationOrAllSchema,
  errorName: z.enum(CHIME_EXCEPTION_NAMES as [ChimeExceptionName, ...ChimeExceptionName[]]),
  message: z.string().optional(),
  times: z.int().min(1).optional(),
});
const SeedControlSchema = z.union([z.object({ seed: z.enum(['default', 'none']) }), EmulatorSeedSchema]);
const TerminationHealthControlSchema = z.object({
  voiceConnectorId: z.string(),
  health: SeedTerminationHealthSchema.nullable(),
});
const ThrottlingControlSchema = z.object({ operation: OperationOrAllSchema, fraction: z.number().min(0).max(1) });
const DeliveryDelayControlSchema = z.object({ ms: z.int().min(0).max(86_400_000) });
const ClockControlSchema = z.object({
  advanceMs: z
    .int()
    .min(0)
    .max(366 * 86_400_000),
});
const PrincipalControlSchema = z.object({ accessKeyId: z.string().min(1), principal: EmulatorPrincipalSchema });

function checkDelay(ms: number): void {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`A delivery delay is 0 or more milliseconds, not ${ms}.`);
}

/** The caller's address as CloudTrail's `sourceIPAddress` gives it: a proxy's `X-Forwarded-For` first, else the socket's. */
function sourceAddress(request: IncomingMessage): string {
  const forwarded = request.headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  const address = first !== undefined && first !== '' ? first : (request.socket.remoteAddress ?? '');
  return address.replace(/^::ffff:/, '');
}

type ActiveFault = (
  | { kind: 'error'; errorName: ChimeExceptionName; message: string | undefined }
  | { kind: 'answer'; status: number; body: unknown; afterApplying: boolean }
) & { remaining: number | undefined };

interface ServerSetup {
  server: Server;
  url: string;
  port: number;
  startSeed: EmulatorSeed;
  options: ChimeEmulatorOptions;
}

class ChimeEmulatorServer implements ChimeEmulator {
  readonly url: string;
  readonly port: number;
  readonly stateFile: string | undefined;
  readonly #server: Server;
  readonly #startSeed: EmulatorSeed;
  readonly #options: ChimeEmulatorOptions;
  readonly #state = new EmulatorState();
  readonly #clock: EmulatorClock;
  readonly #recorded: RecordedRequest[] = [];
  readonly #changes: RecordedChange[] = [];
  readonly #principals = new Map<string, EmulatorPrincipal>();
  #deliveryDelayMs: number;
  readonly #latency = new Map<EmulatedOperation | '*', number>();
  readonly #faults = new Map<EmulatedOperation | '*', ActiveFault>();
  readonly #throttling = new Map<EmulatedOperation | '*', { fraction: number; calls: number }>();
  #throttled = 0;
  readonly #closing = new AbortController();

  constructor({ server, url, port, startSeed, options }: ServerSetup) {
    this.#server = server;
    this.#startSeed = startSeed;
    this.#options = options;
    this.url = url;
    this.port = port;
    this.stateFile = options.stateFile;
    this.#clock = new EmulatorClock(options.clock);
    this.#deliveryDelayMs = options.cloudTrailDeliveryDelayMs ?? 0;
    checkDelay(this.#deliveryDelayMs);
    this.#resetPrincipals();
    const saved = options.stateFile === undefined ? undefined : readStateFile(options.stateFile);
    if (saved === undefined) {
      this.#state.load(startSeed, this.#clock.now());
      this.#persist();
    } else {
      this.#state.load(saved.state, this.#clock.now());
      this.#changes.push(...saved.changes);
    }
  }

  get requests(): readonly RecordedRequest[] {
    return structuredClone(this.#recorded);
  }

  requestsFor(operation: string): RecordedRequest[] {
    return structuredClone(this.#recorded.filter((request) => request.operation === operation));
  }

  clearRequests(): void {
    this.#recorded.length = 0;
  }

  setLatency(operation: EmulatedOperation | '*', ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`Latency must be 0 or more milliseconds, not ${ms}.`);
    if (ms === 0) this.#latency.delete(operation);
    else this.#latency.set(operation, ms);
  }

  failOperation(operation: EmulatedOperation | '*', fault: FaultOptions): void {
    if (fault.times !== undefined && (!Number.isInteger(fault.times) || fault.times < 1)) {
      throw new RangeError(`A fault must apply at least once, not ${fault.times} times.`);
    }
    this.#faults.set(operation, {
      kind: 'error',
      errorName: fault.errorName,
      message: fault.message,
      remaining: fault.times,
    });
  }

  answerWith(operation: EmulatedOperation, answer: RawAnswer): void {
    if (answer.times !== undefined && (!Number.isInteger(answer.times) || answer.times < 1)) {
      throw new RangeError(`An answer must apply at least once, not ${answer.times} times.`);
    }
    this.#faults.set(operation, {
      kind: 'answer',
      status: answer.status ?? EMULATED_ROUTES[operation].successStatus,
      body: answer.body,
      afterApplying: answer.afterApplying ?? false,
      remaining: answer.times,
    });
  }

  setThrottling(operation: EmulatedOperation | '*', fraction: number): void {
    if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
      throw new RangeError(`A throttled share is from 0 to 1, not ${fraction}.`);
    }
    if (fraction === 0) this.#throttling.delete(operation);
    else this.#throttling.set(operation, { fraction, calls: 0 });
  }

  get throttledCount(): number {
    return this.#throttled;
  }

  clearFaults(): void {
    this.#faults.clear();
    this.#throttling.clear();
  }

  seed(data: SeedChoice): void {
    this.#state.load(resolveSeed(data), this.#clock.now());
    this.#persist();
  }

  reset(): void {
    this.#clock.reset();
    this.#state.load(this.#startSeed, this.#clock.now());
    this.#faults.clear();
    this.#throttling.clear();
    this.#throttled = 0;
    this.#latency.clear();
    this.#recorded.length = 0;
    this.#changes.length = 0;
    this.#resetPrincipals();
    this.#deliveryDelayMs = this.#options.cloudTrailDeliveryDelayMs ?? 0;
    this.#persist();
  }

  getVoiceConnector(voiceConnectorId: string) {
    const connector = this.#state.get(voiceConnectorId);
    return connector === undefined ? undefined : structuredClone(connector.voiceConnector);
  }

  listVoiceConnectorIds(region?: ChimeRegion): string[] {
    return this.#state.list(region).map((connector) => connector.voiceConnector.VoiceConnectorId);
  }

  getTermination(voiceConnectorId: string) {
    return structuredClone(this.#state.get(voiceConnectorId)?.termination);
  }

  getOrigination(voiceConnectorId: string) {
    return structuredClone(this.#state.get(voiceConnectorId)?.origination);
  }

  getProxy(voiceConnectorId: string) {
    return structuredClone(this.#state.get(voiceConnectorId)?.proxy);
  }

  getProxySession(voiceConnectorId: string, proxySessionId: string) {
    return structuredClone(this.#state.get(voiceConnectorId)?.proxySessions.get(proxySessionId));
  }

  getCredentialUsernames(voiceConnectorId: string): string[] | undefined {
    const connector = this.#state.get(voiceConnectorId);
    return connector === undefined ? undefined : [...connector.credentials.keys()];
  }

  hasCredential(voiceConnectorId: string, username: string, password: string): boolean {
    return this.#state.get(voiceConnectorId)?.credentials.get(username) === password;
  }

  getTerminationHealth(voiceConnectorId: string) {
    const health = this.#state.get(voiceConnectorId)?.terminationHealth;
    return health === undefined ? undefined : terminationHealthAt(health, this.#clock.now());
  }

  setTerminationHealth(voiceConnectorId: string, ping: TerminationPing | undefined): void {
    const connector = this.#state.get(voiceConnectorId);
    if (connector === undefined) throw new Error(`The emulator has no voice connector ${voiceConnectorId}.`);
    if (ping === undefined) {
      delete connector.terminationHealth;
    } else {
      const timestamp = ping.Timestamp instanceof Date ? ping.Timestamp.toISOString() : ping.Timestamp;
      const health = SeedTerminationHealthSchema.parse({
        ...ping,
        ...(timestamp === undefined ? {} : { Timestamp: timestamp }),
      });
      connector.terminationHealth = storedTerminationHealth(health, this.#clock.now());
    }
    this.#persist();
  }

  getLoggingConfiguration(voiceConnectorId: string) {
    return structuredClone(this.#state.get(voiceConnectorId)?.loggingConfiguration);
  }

  now(): Date {
    return this.#clock.now();
  }

  advanceClock(ms: number): void {
    this.#clock.advance(ms);
  }

  principalFor(accessKeyId: string): EmulatorPrincipal {
    return structuredClone(this.#principals.get(accessKeyId) ?? syntheticPrincipal(accessKeyId));
  }

  setPrincipal(accessKeyId: string, principal: EmulatorPrincipal): void {
    this.#principals.set(accessKeyId, EmulatorPrincipalSchema.parse(principal));
  }

  get recordedChanges(): readonly RecordedChange[] {
    return structuredClone(this.#changes);
  }

  setCloudTrailDeliveryDelay(ms: number): void {
    checkDelay(ms);
    this.#deliveryDelayMs = ms;
  }

  close(): Promise<void> {
    this.#closing.abort();
    return new Promise((resolve, reject) => {
      this.#server.close((error) => (error === undefined ? resolve() : reject(error)));
      this.#server.closeAllConnections();
    });
  }

  #resetPrincipals(): void {
    this.#principals.clear();
    for (const [accessKeyId, principal] of Object.entries(PrincipalMapSchema.parse(this.#options.principals ?? {}))) {
      this.#principals.set(accessKeyId, principal);
    }
  }

  /** Writes the state file, if there is one; called after every change, before the answer goes out. */
  #persist(): void {
    if (this.stateFile === undefined) return;
    writeStateFile(this.stateFile, {
      savedAt: this.#clock.now().toISOString(),
      state: this.#state.snapshot(),
      changes: this.#changes,
    });
  }

  async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    response.setHeader('x-amzn-RequestId', requestId);
    let record: RecordedRequest | undefined;
    let protocol: 'rest-json' | 'json-1.1' = 'rest-json';
    try {
      const method = request.method ?? 'GET';
      const [rawPath = '/', rawQuery = ''] = (request.url ?? '/').split('?', 2);
      const text = await readBody(request);
      if (rawPath === CONTROL_PREFIX || rawPath.startsWith(`${CONTROL_PREFIX}/`)) {
        this.#control(method, rawPath, text, response);
        return;
      }
      const target = request.headers['x-amz-target'];
      const cloudTrail = cloudTrailOperation(Array.isArray(target) ? target[0] : target);
      if (cloudTrail !== undefined) {
        protocol = 'json-1.1';
        const body = parseBody(text);
        const region = parseCredentialScope(request.headers.authorization)?.region;
        record = {
          operation: cloudTrail,
          service: 'cloudtrail',
          method,
          path: rawPath,
          query: Object.fromEntries(new URLSearchParams(rawQuery).entries()),
          ...(region === undefined ? {} : { region }),
          ...(body === undefined ? {} : { body }),
          requestId,
        };
        this.#recorded.push(record);
        const answer = this.#cloudTrail(method, rawPath, cloudTrail, body, request);
        record.status = 200;
        this.#sendJson11(response, 200, answer);
        return;
      }
      const query = new URLSearchParams(rawQuery);
      const body = parseBody(text);
      const region = parseCredentialScope(request.headers.authorization)?.region;
      const segments = decodeSegments(rawPath);
      const emulated = EMULATED_ROUTE_TABLE.match(method, segments, query);
      const modelled = emulated ?? MODEL_ROUTE_TABLE.match(method, segments, query);
      record = {
        operation: modelled?.operation ?? 'Unknown',
        method,
        path: rawPath,
        query: Object.fromEntries(query.entries()),
        ...(region === undefined ? {} : { region }),
        ...(body === undefined ? {} : { body }),
        requestId,
      };
      this.#recorded.push(record);

      const scope = requireChimeScope(request.headers.authorization, isChimeRegion);
      const operation =
        emulated !== undefined && isEmulatedOperation(emulated.operation) ? emulated.operation : undefined;
      await this.#delay(operation);
      if (modelled === undefined) {
        throw new EmulatedAwsError(
          'UnknownOperationException',
          404,
          `Chime SDK Voice has no operation at ${method} ${rawPath}.`,
        );
      }
      if (operation === undefined || emulated === undefined) {
        throw new EmulatedAwsError(
          'NotImplementedException',
          501,
          `The Chime emulator does not implement ${modelled.operation}; it implements ${EMULATED_OPERATIONS.join(', ')}.`,
        );
      }
      this.#throttle(operation);
      const injected = this.#injectFault(operation);
      if (injected !== undefined && !injected.afterApplying) {
        record.status = injected.status;
        this.#send(response, injected.status, injected.body);
        return;
      }
      if (typeof body === 'string') {
        throw EmulatedAwsError.of('BadRequestException', 'The request body is not valid JSON.');
      }
      const now = this.#clock.now();
      const accepted = runOperation(operation, operationInput(operation, method, body, emulated.labels, query), {
        region: scope.region,
        state: this.#state,
        now,
      });
      if (isWriteOperation(operation)) {
        this.#recordChange(operation, accepted, {
          request,
          accessKeyId: scope.accessKeyId,
          region: scope.region,
          requestId,
          now,
        });
      }
      if (injected !== undefined) {
        record.status = injected.status;
        this.#send(response, injected.status, injected.body);
        return;
      }
      record.status = EMULATED_ROUTES[operation].successStatus;
      this.#send(response, record.status, accepted.output);
    } catch (error) {
      if (this.#closing.signal.aborted) {
        response.destroy();
        return;
      }
      const awsError =
        error instanceof EmulatedAwsError
          ? error
          : EmulatedAwsError.of(
              'ServiceFailureException',
              `The Chime emulator failed to handle the request (${error instanceof Error ? error.name : 'unknown error'}).`,
            );
      if (record !== undefined) record.status = awsError.status;
      response.setHeader('x-amzn-ErrorType', awsError.exceptionName);
      if (protocol === 'json-1.1') {
        this.#sendJson11(response, awsError.status, { __type: awsError.exceptionName, message: awsError.message });
      } else {
        this.#send(response, awsError.status, awsError.body());
      }
    }
  }

  /** One accepted write, into the change record and the state file, before the caller hears of it. */
  #recordChange(
    operation: EmulatedOperation,
    accepted: { request: Record<string, unknown>; output: unknown },
    call: { request: IncomingMessage; accessKeyId: string; region: string; requestId: string; now: Date },
  ): void {
    const created = (accepted.output as { VoiceConnector?: { VoiceConnectorId?: string } } | undefined)?.VoiceConnector;
    const voiceConnectorId =
      typeof accepted.request.VoiceConnectorId === 'string'
        ? accepted.request.VoiceConnectorId
        : created?.VoiceConnectorId;
    const arn =
      voiceConnectorId === undefined ? undefined : this.#state.get(voiceConnectorId)?.voiceConnector.VoiceConnectorArn;
    const userAgent = call.request.headers['user-agent'];
    this.#changes.push(
      recordedChange({
        operation,
        request: accepted.request,
        response: accepted.output,
        region: call.region,
        principal: this.principalFor(call.accessKeyId),
        accessKeyId: call.accessKeyId,
        sourceIPAddress: sourceAddress(call.request),
        userAgent: userAgent ?? '',
        requestId: call.requestId,
        ...(voiceConnectorId === undefined || arn === undefined
          ? {}
          : { voiceConnector: { id: voiceConnectorId, arn } }),
        now: call.now,
        deliveryDelayMs: this.#deliveryDelayMs,
      }),
    );
    this.#persist();
  }

  /** The CloudTrail stand-in: LookupEvents over the change record, as CloudTrail's JSON 1.1 front door takes it. */
  #cloudTrail(method: string, path: string, operation: string, body: unknown, request: IncomingMessage): unknown {
    const scope = requireSigV4Scope(request.headers.authorization, {
      signingName: CLOUDTRAIL_SIGNING_NAME,
      isServedRegion: isAwsRegionName,
      regionsWord: 'CloudTrail takes an AWS region name.',
    });
    if (method !== 'POST' || path !== '/') {
      throw new EmulatedAwsError('UnknownOperationException', 404, `CloudTrail has no operation at ${method} ${path}.`);
    }
    if (operation !== 'LookupEvents') {
      throw new EmulatedAwsError(
        'NotImplementedException',
        501,
        `The emulator's CloudTrail stand-in does not implement ${operation}; it implements LookupEvents.`,
      );
    }
    if (typeof body === 'string') {
      throw new EmulatedAwsError('SerializationException', 400, 'The request body is not valid JSON.');
    }
    return lookupEvents(body, { region: scope.region, now: this.#clock.now(), changes: this.#changes });
  }

  #sendJson11(response: ServerResponse, status: number, body: unknown): void {
    if (response.headersSent || response.destroyed) return;
    const text = JSON.stringify(body);
    response
      .writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(text) })
      .end(text);
  }

  #send(response: ServerResponse, status: number, body: unknown): void {
    if (response.headersSent || response.destroyed) return;
    if (status === 204 || body === undefined) {
      response.writeHead(status).end();
      return;
    }
    const text = JSON.stringify(body);
    response
      .writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
      .end(text);
  }

  async #delay(operation: EmulatedOperation | undefined): Promise<void> {
    const ms = (operation === undefined ? undefined : this.#latency.get(operation)) ?? this.#latency.get('*') ?? 0;
    if (ms === 0) return;
    const signal = this.#closing.signal;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Error('The emulator is closing.'));
      };
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Throws ThrottledClientException for the share of calls {@link setThrottling} asked for. */
  #throttle(operation: EmulatedOperation): void {
    const throttling = this.#throttling.get(operation) ?? this.#throttling.get('*');
    if (throttling === undefined) return;
    const before = Math.floor(throttling.calls * throttling.fraction);
    throttling.calls += 1;
    if (Math.floor(throttling.calls * throttling.fraction) > before) {
      this.#throttled += 1;
      throw EmulatedAwsError.of('ThrottledClientException', 'Rate exceeded.');
    }
  }

  /** Throws an injected AWS error, or returns an injected raw answer, for this call. */
  #injectFault(operation: EmulatedOperation): { status: number; body: unknown; afterApplying: boolean } | undefined {
    const key = this.#faults.has(operation) ? operation : '*';
    const fault = this.#faults.get(key);
    if (fault === undefined) return undefined;
    if (fault.remaining !== undefined) {
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.#faults.delete(key);
    }
    if (fault.kind === 'answer') return { status: fault.status, body: fault.body, afterApplying: fault.afterApplying };
    throw EmulatedAwsError.of(fault.errorName, fault.message);
  }

  #control(method: string, path: string, text: string, response: ServerResponse): void {
    const { status, body } = this.#controlAnswer(`${method} ${path.slice(CONTROL_PREFIX.length)}`, text);
    this.#send(response, status, body);
  }

  #controlAnswer(route: string, text: string): ControlAnswer {
    const ok = { status: 200, body: { ok: true } };
    let json: unknown;
    try {
      json = text === '' ? {} : JSON.parse(text);
    } catch {
      return { status: 400, body: { message: 'The body must be JSON.' } };
    }
    const invalid = (error: z.ZodError) => ({ status: 400, body: { message: z.prettifyError(error) } });
    /** Runs `apply` on a body that `schema` accepts and gives `answer` (default `ok`); a 400 for any other body. */
    const withBody = <S extends z.ZodType>(
      schema: S,
      apply: (body: z.output<S>) => void,
      answer: () => ControlAnswer = () => ok,
    ): ControlAnswer => {
      const parsed = schema.safeParse(json);
      if (!parsed.success) return invalid(parsed.error);
      apply(parsed.data);
      return answer();
    };
    switch (route) {
      case 'GET /health':
        return ok;
      case 'GET /requests':
        return {
          status: 200,
          body: { requests: this.#recorded.map((request) => ({ ...request, body: redactPasswords(request.body) })) },
        };
      case 'DELETE /requests':
        this.clearRequests();
        return ok;
      case 'POST /reset':
        this.reset();
        return ok;
      case 'POST /seed':
        return withBody(SeedControlSchema, (body) => this.seed('seed' in body ? body.seed : body));
      case 'PUT /latency':
        return withBody(LatencyControlSchema, ({ operation, ms }) => this.setLatency(operation, ms));
      case 'POST /faults':
        return withBody(FaultControlSchema, ({ operation, ...fault }) => this.failOperation(operation, fault));
      case 'PUT /throttling':
        return withBody(ThrottlingControlSchema, ({ operation, fraction }) => this.setThrottling(operation, fraction));
      case 'DELETE /faults':
        this.clearFaults();
        return ok;
      case 'PUT /termination-health': {
        const parsed = TerminationHealthControlSchema.safeParse(json);
        if (!parsed.success) return invalid(parsed.error);
        const { voiceConnectorId, health } = parsed.data;
        if (this.#state.get(voiceConnectorId) === undefined) {
          return { status: 404, body: { message: `The emulator has no voice connector ${voiceConnectorId}.` } };
        }
        this.setTerminationHealth(voiceConnectorId, health ?? undefined);
        return ok;
      }
      case 'GET /changes':
        return { status: 200, body: { changes: this.#changes } };
      case 'PUT /cloudtrail-delivery-delay':
        return withBody(DeliveryDelayControlSchema, ({ ms }) => this.setCloudTrailDeliveryDelay(ms));
      case 'POST /clock':
        return withBody(
          ClockControlSchema,
          ({ advanceMs }) => this.advanceClock(advanceMs),
          () => ({ status: 200, body: { now: this.now().toISOString() } }),
        );
      case 'PUT /principals':
        return withBody(PrincipalControlSchema, ({ accessKeyId, principal }) =>
          this.setPrincipal(accessKeyId, principal),
        );
      default:
        return { status: 404, body: { message: `The emulator has no control ${route}.` } };
    }
  }
}

/**
 * Starts the emulator on `host:port` (default `127.0.0.1`, a free port) with the chosen seed.
 *
 * @example
 * const emulator = await startChimeEmulator({ seed: 'default' });
 * process.env.AWS_ENDPOINT_URL_CHIME_SDK_VOICE = emulator.url;
 */
export async function startChimeEmulator(options: ChimeEmulatorOptions = {}): Promise<ChimeEmulator> {
  const host = options.host ?? '127.0.0.1';
  const startSeed = resolveSeed(options.seed ?? 'default');
  let emulator: ChimeEmulatorServer | undefined;
  const server = createServer((request, response) => {
    if (emulator === undefined) {
      response.writeHead(503).end();
      return;
    }
    void emulator.handle(request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  try {
    emulator = new ChimeEmulatorServer({ server, url: `http://${urlHost}:${port}`, port, startSeed, options });
  } catch (error) {
    server.close();
    throw error;
  }
  return emulator;
}
