import {
  type ChimeSDKVoiceClient,
  GetProxySessionCommand,
  GetVoiceConnectorOriginationCommand,
  GetVoiceConnectorProxyCommand,
  GetVoiceConnectorTerminationCommand,
  ListVoiceConnectorsCommand,
  ListVoiceConnectorTerminationCredentialsCommand,
  PutVoiceConnectorOriginationCommand,
  PutVoiceConnectorTerminationCredentialsCommand,
} from '@aws-sdk/client-chime-sdk-voice';
import type { z } from 'zod';
import type { ChimeClientSource } from './chime-clients';
import {
  ChimeBadRequestError,
  type ChimeErrorContext,
  ChimeInvalidResponseError,
  type ChimeOperation,
  toChimeError,
} from './chime-errors';
import {
  describeModelViolations,
  GetProxySessionRequestSchema,
  GetProxySessionResponseSchema,
  GetVoiceConnectorOriginationRequestSchema,
  GetVoiceConnectorOriginationResponseSchema,
  GetVoiceConnectorProxyRequestSchema,
  GetVoiceConnectorProxyResponseSchema,
  GetVoiceConnectorTerminationRequestSchema,
  GetVoiceConnectorTerminationResponseSchema,
  ListVoiceConnectorsRequestSchema,
  ListVoiceConnectorsResponseSchema,
  ListVoiceConnectorTerminationCredentialsRequestSchema,
  ListVoiceConnectorTerminationCredentialsResponseSchema,
  PutVoiceConnectorOriginationRequestSchema,
  PutVoiceConnectorOriginationResponseSchema,
  PutVoiceConnectorTerminationCredentialsRequestSchema,
  RESULT_MAX_RANGE,
  type WireOrigination,
  type WireProxy,
  type WireProxySession,
  type WireTermination,
  type WireVoiceConnector,
} from './model-schemas';
import type { ChimeRegion } from './regions';
import type {
  Origination,
  OriginationRoute,
  ProxySession,
  ProxySettings,
  Termination,
  TerminationCredential,
  VoiceConnectorRef,
  VoiceConnectorSummary,
} from './voice-connector';
import type { ChimeCall, VoiceConnectors } from './voice-connectors';

export interface ChimeVoiceConnectorsOptions {
  /** `MaxResults` for each ListVoiceConnectors page (1-100). Default 100. */
  listPageSize?: number;
}

interface Call<Input, Output> {
  context: ChimeErrorContext;
  inputSchema: z.ZodType<Input>;
  input: unknown;
  outputSchema: z.ZodType<Output> | undefined;
  send: (client: ChimeSDKVoiceClient, input: Input) => Promise<unknown>;
  client: ChimeSDKVoiceClient;
}

/**
 * The {@link VoiceConnectors} port over the AWS SDK. Every request is checked against the model
 * before it is sent and every response after it arrives; reads use the retrying client, the two
 * puts the client that sends once.
 *
 * @example
 * const voiceConnectors = new ChimeVoiceConnectors(new ChimeClients());
 * const routes = (await voiceConnectors.getOrigination({ voiceConnectorId, region: 'eu-west-2' })).routes;
 */
export class ChimeVoiceConnectors implements VoiceConnectors {
  readonly #clients: ChimeClientSource;
  readonly #listPageSize: number;

  constructor(clients: ChimeClientSource, options: ChimeVoiceConnectorsOptions = {}) {
    this.#clients = clients;
    this.#listPageSize = options.listPageSize ?? RESULT_MAX_RANGE.max;
  }

  async getTermination(ref: VoiceConnectorRef): Promise<Termination> {
    const output = await this.#call({
      context: contextFor('GetVoiceConnectorTermination', ref),
      inputSchema: GetVoiceConnectorTerminationRequestSchema,
      input: { VoiceConnectorId: ref.voiceConnectorId },
      outputSchema: GetVoiceConnectorTerminationResponseSchema,
      client: this.#clients.readClient(ref.region),
      send: (client, input) => client.send(new GetVoiceConnectorTerminationCommand(input)),
    });
    return toTermination(output?.Termination ?? {});
  }

  async getProxy(ref: VoiceConnectorRef): Promise<ProxySettings> {
    const output = await this.#call({
      context: contextFor('GetVoiceConnectorProxy', ref),
      inputSchema: GetVoiceConnectorProxyRequestSchema,
      input: { VoiceConnectorId: ref.voiceConnectorId },
      outputSchema: GetVoiceConnectorProxyResponseSchema,
      client: this.#clients.readClient(ref.region),
      send: (client, input) => client.send(new GetVoiceConnectorProxyCommand(input)),
    });
    return toProxy(output?.Proxy ?? {});
  }

  async getProxySession(ref: VoiceConnectorRef, proxySessionId: string): Promise<ProxySession> {
    const context = { ...contextFor('GetProxySession', ref), proxySessionId };
    const output = await this.#call({
      context,
      inputSchema: GetProxySessionRequestSchema,
      input: { VoiceConnectorId: ref.voiceConnectorId, ProxySessionId: proxySessionId },
      outputSchema: GetProxySessionResponseSchema,
      client: this.#clients.readClient(ref.region),
      send: (client, input) => client.send(new GetProxySessionCommand(input)),
    });
    if (output?.ProxySession === undefined) {
      throw new ChimeInvalidResponseError(
        `Chime SDK Voice answered GetProxySession in ${ref.region} without the proxy session.`,
        context,
      );
    }
    return toProxySession(output.ProxySession);
  }

  async getOrigination(ref: VoiceConnectorRef): Promise<Origination> {
    const context = contextFor('GetVoiceConnectorOrigination', ref);
    const output = await this.#call({
      context,
      inputSchema: GetVoiceConnectorOriginationRequestSchema,
      input: { VoiceConnectorId: ref.voiceConnectorId },
      outputSchema: GetVoiceConnectorOriginationResponseSchema,
      client: this.#clients.readClient(ref.region),
      send: (client, input) => client.send(new GetVoiceConnectorOriginationCommand(input)),
    });
    return toOrigination(output?.Origination ?? {}, context);
  }

  async putOrigination(ref: VoiceConnectorRef, origination: Origination): Promise<Origination> {
    const context = contextFor('PutVoiceConnectorOrigination', ref);
    const output = await this.#call({
      context,
      inputSchema: PutVoiceConnectorOriginationRequestSchema,
      input: {
        VoiceConnectorId: ref.voiceConnectorId,
        Origination: {
          Routes: origination.routes.map((route) => ({
            Host: route.host,
            Port: route.port,
            Protocol: route.protocol,
            Priority: route.priority,
            Weight: route.weight,
          })),
          Disabled: origination.disabled,
        },
      },
      outputSchema: PutVoiceConnectorOriginationResponseSchema,
      client: this.#clients.writeClient(ref.region),
      send: (client, input) => client.send(new PutVoiceConnectorOriginationCommand(input)),
    });
    return toOrigination(output?.Origination ?? {}, context);
  }

  async listTerminationCredentialUsernames(ref: VoiceConnectorRef): Promise<string[]> {
    const output = await this.#call({
      context: contextFor('ListVoiceConnectorTerminationCredentials', ref),
      inputSchema: ListVoiceConnectorTerminationCredentialsRequestSchema,
      input: { VoiceConnectorId: ref.voiceConnectorId },
      outputSchema: ListVoiceConnectorTerminationCredentialsResponseSchema,
      client: this.#clients.readClient(ref.region),
      send: (client, input) => client.send(new ListVoiceConnectorTerminationCredentialsCommand(input)),
    });
    return output?.Usernames ?? [];
  }

  async putTerminationCredentials(ref: VoiceConnectorRef, credentials: TerminationCredential[]): Promise<void> {
    await this.#call({
      context: contextFor('PutVoiceConnectorTerminationCredentials', ref),
      inputSchema: PutVoiceConnectorTerminationCredentialsRequestSchema,
      input: {
        VoiceConnectorId: ref.voiceConnectorId,
        Credentials: credentials.map((credential) => ({
          Username: credential.username,
          Password: credential.password,
        })),
      },
      outputSchema: undefined,
      client: this.#clients.writeClient(ref.region),
      send: (client, input) => client.send(new PutVoiceConnectorTerminationCredentialsCommand(input)),
    });
  }

  async listVoiceConnectors(region: ChimeRegion): Promise<VoiceConnectorSummary[]> {
    const context: ChimeErrorContext = { operation: 'ListVoiceConnectors', region };
    const summaries: VoiceConnectorSummary[] = [];
    const seenTokens = new Set<string>();
    let nextToken: string | undefined;
    do {
      const output = await this.#call({
        context,
        inputSchema: ListVoiceConnectorsRequestSchema,
        input: { MaxResults: this.#listPageSize, ...(nextToken === undefined ? {} : { NextToken: nextToken }) },
        outputSchema: ListVoiceConnectorsResponseSchema,
        client: this.#clients.readClient(region),
        send: (client, input) => client.send(new ListVoiceConnectorsCommand(input)),
      });
      for (const connector of output?.VoiceConnectors ?? []) summaries.push(toSummary(connector, region, context));
      nextToken = output?.NextToken === '' ? undefined : output?.NextToken;
      if (nextToken !== undefined) {
        if (seenTokens.has(nextToken)) {
          throw new ChimeInvalidResponseError(
            `Chime SDK Voice kept answering ListVoiceConnectors in ${region} with the same page.`,
            context,
          );
        }
        seenTokens.add(nextToken);
      }
    } while (nextToken !== undefined);
    return summaries;
  }

  send<Input extends object, Output>(call: ChimeCall<Input, Output>): Promise<Output | undefined> {
    const context: ChimeErrorContext =
      'voiceConnectorId' in call.ref
        ? contextFor(call.operation, call.ref)
        : { operation: call.operation, region: call.ref.region };
    return this.#call({
      context,
      inputSchema: call.inputSchema,
      input: call.input,
      outputSchema: call.outputSchema,
      client: call.write ? this.#clients.writeClient(call.ref.region) : this.#clients.readClient(call.ref.region),
      send: (client, input) => call.send(client, input),
    });
  }

  async #call<Input, Output>(call: Call<Input, Output>): Promise<Output | undefined> {
    const { context } = call;
    const input = call.inputSchema.safeParse(call.input);
    if (!input.success) {
      throw new ChimeBadRequestError(
        `${context.operation} was not sent to Chime: ${describeModelViolations(input.error)}.`,
        context,
      );
    }
    let response: unknown;
    try {
      response = await call.send(call.client, input.data);
    } catch (error) {
      throw toChimeError(error, context);
    }
    if (call.outputSchema === undefined) return undefined;
    const output = call.outputSchema.safeParse(toWireForm(response));
    if (!output.success) {
      throw new ChimeInvalidResponseError(
        `Chime SDK Voice answered ${context.operation} in ${context.region} with data that does not match the service model: ${describeModelViolations(output.error)}.`,
        context,
      );
    }
    return output.data;
  }
}

function contextFor(operation: ChimeOperation, ref: VoiceConnectorRef): ChimeErrorContext {
  return { operation, region: ref.region, voiceConnectorId: ref.voiceConnectorId };
}

/**
 * The SDK has already turned the wire's ISO-8601 strings into `Date`s; turning them back lets the
 * output be checked with the same wire schemas the emulator uses.
 */
function toWireForm(value: unknown): unknown {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (Array.isArray(value)) return value.map(toWireForm);
  if (typeof value === 'object' && value !== null) {
    const wire: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      if (key !== '$metadata') wire[key] = toWireForm(member);
    }
    return wire;
  }
  return value;
}

/** Leaves out the members AWS did not send, so the domain objects carry no `undefined` keys. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}

/** The wire termination as the domain keeps it (also for calls operations bring, see `send`). */
export function toTermination(wire: WireTermination): Termination {
  return withoutUndefined({
    cpsLimit: wire.CpsLimit,
    defaultPhoneNumber: wire.DefaultPhoneNumber,
    callingRegions: wire.CallingRegions,
    cidrAllowedList: wire.CidrAllowedList,
    disabled: wire.Disabled,
  });
}

function toProxy(wire: WireProxy): ProxySettings {
  return withoutUndefined({
    defaultSessionExpiryMinutes: wire.DefaultSessionExpiryMinutes,
    disabled: wire.Disabled,
    fallBackPhoneNumber: wire.FallBackPhoneNumber,
    phoneNumberCountries: wire.PhoneNumberCountries,
  });
}

function toDate(timestamp: string | undefined): Date | undefined {
  return timestamp === undefined ? undefined : new Date(timestamp);
}

function toProxySession(wire: WireProxySession): ProxySession {
  return withoutUndefined({
    voiceConnectorId: wire.VoiceConnectorId,
    proxySessionId: wire.ProxySessionId,
    name: wire.Name,
    status: wire.Status,
    expiryMinutes: wire.ExpiryMinutes,
    capabilities: wire.Capabilities,
    createdTimestamp: toDate(wire.CreatedTimestamp),
    updatedTimestamp: toDate(wire.UpdatedTimestamp),
    endedTimestamp: toDate(wire.EndedTimestamp),
    participants: wire.Participants?.map((participant) =>
      withoutUndefined({ phoneNumber: participant.PhoneNumber, proxyPhoneNumber: participant.ProxyPhoneNumber }),
    ),
    numberSelectionBehavior: wire.NumberSelectionBehavior,
    geoMatchLevel: wire.GeoMatchLevel,
    geoMatchParams:
      wire.GeoMatchParams === undefined
        ? undefined
        : { country: wire.GeoMatchParams.Country, areaCode: wire.GeoMatchParams.AreaCode },
  });
}

/**
 * The model makes every route member optional, but a route the bot shows and may send back in a
 * put must be complete: guessing a missing port or weight could change live call routing.
 */
function toOrigination(wire: WireOrigination, context: ChimeErrorContext): Origination {
  const routes = (wire.Routes ?? []).map((route, index): OriginationRoute => {
    const { Host, Port, Protocol, Priority, Weight } = route;
    if (
      Host === undefined ||
      Port === undefined ||
      Protocol === undefined ||
      Priority === undefined ||
      Weight === undefined
    ) {
      const missing = Object.entries({ Host, Port, Protocol, Priority, Weight })
        .filter(([, member]) => member === undefined)
        .map(([name]) => name);
      throw new ChimeInvalidResponseError(
        `Chime SDK Voice answered ${context.operation} in ${context.region} with origination route ${index + 1} missing ${missing.join(', ')}.`,
        context,
      );
    }
    return { host: Host, port: Port, protocol: Protocol, priority: Priority, weight: Weight };
  });
  return { routes, disabled: wire.Disabled ?? false };
}

function toSummary(wire: WireVoiceConnector, region: ChimeRegion, context: ChimeErrorContext): VoiceConnectorSummary {
  if (wire.VoiceConnectorId === undefined) {
    throw new ChimeInvalidResponseError(
      `Chime SDK Voice answered ListVoiceConnectors in ${region} with a voice connector that has no ID.`,
      context,
    );
  }
  return withoutUndefined({
    voiceConnectorId: wire.VoiceConnectorId,
    name: wire.Name,
    region: wire.AwsRegion ?? region,
    outboundHostName: wire.OutboundHostName,
    requireEncryption: wire.RequireEncryption,
  });
}
