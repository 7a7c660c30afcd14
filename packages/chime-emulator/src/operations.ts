import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  CreateProxySessionRequestSchema,
  CreateProxySessionResponseSchema,
  CreateVoiceConnectorRequestSchema,
  CreateVoiceConnectorResponseSchema,
  DeleteVoiceConnectorTerminationCredentialsRequestSchema,
  describeModelViolations,
  GetProxySessionRequestSchema,
  GetProxySessionResponseSchema,
  GetVoiceConnectorOriginationRequestSchema,
  GetVoiceConnectorOriginationResponseSchema,
  GetVoiceConnectorProxyRequestSchema,
  GetVoiceConnectorProxyResponseSchema,
  GetVoiceConnectorRequestSchema,
  GetVoiceConnectorResponseSchema,
  GetVoiceConnectorTerminationRequestSchema,
  GetVoiceConnectorTerminationResponseSchema,
  ListVoiceConnectorsRequestSchema,
  ListVoiceConnectorsResponseSchema,
  ListVoiceConnectorTerminationCredentialsRequestSchema,
  ListVoiceConnectorTerminationCredentialsResponseSchema,
  PutVoiceConnectorOriginationRequestSchema,
  PutVoiceConnectorOriginationResponseSchema,
  PutVoiceConnectorProxyRequestSchema,
  PutVoiceConnectorProxyResponseSchema,
  PutVoiceConnectorTerminationCredentialsRequestSchema,
  PutVoiceConnectorTerminationRequestSchema,
  PutVoiceConnectorTerminationResponseSchema,
  RESULT_MAX_RANGE,
  type WireProxySession,
} from '../../../src/chime/model-schemas';
import type { ChimeRegion } from '../../../src/chime/regions';
import { EmulatedAwsError } from './aws-exceptions';
import type { EmulatorState, StoredVoiceConnector } from './emulator-state';
import type { EmulatedOperation } from './routes';
import { EMULATOR_PROXY_PHONE_NUMBER } from './seed';

export interface OperationContext {
  /** From the request's SigV4 credential scope. */
  region: ChimeRegion;
  state: EmulatorState;
  now: Date;
}

/** The model's members of a request, gathered from its URI labels, query string and JSON body. */
export type OperationInput = Record<string, unknown>;

interface OperationHandler {
  /** `undefined` for the operations whose answer has no body (204). */
  responseSchema: z.ZodType | undefined;
  handle(input: OperationInput, context: OperationContext): unknown;
}

/** AWS's voice connector IDs are 21-22 lower-case letters and digits. */
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ACCOUNT_ID = '123456789012';
/** CreateVoiceConnector's documented default when `AwsRegion` is absent. */
const DEFAULT_CREATE_REGION: ChimeRegion = 'us-east-1';

function newVoiceConnectorId(): string {
  let id = '';
  for (let index = 0; index < 22; index += 1) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

function parseInput<T extends z.ZodType>(schema: T, input: OperationInput): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw EmulatedAwsError.of('BadRequestException', describeModelViolations(parsed.error));
  return parsed.data;
}

function connectorIn(context: OperationContext, voiceConnectorId: string): StoredVoiceConnector {
  const connector = context.state.find(voiceConnectorId, context.region);
  if (connector === undefined) {
    throw EmulatedAwsError.of(
      'NotFoundException',
      `Voice connector ${voiceConnectorId} not found in ${context.region}.`,
    );
  }
  return connector;
}

function touch(connector: StoredVoiceConnector, context: OperationContext): void {
  connector.voiceConnector.UpdatedTimestamp = context.now.toISOString();
}

const NextTokenSchema = z.object({ offset: z.int().min(0) });

function encodeNextToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeNextToken(token: string): number {
  try {
    return NextTokenSchema.parse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))).offset;
  } catch {
    throw EmulatedAwsError.of('BadRequestException', 'The NextToken is not valid.');
  }
}

export const OPERATION_HANDLERS: Record<EmulatedOperation, OperationHandler> = {
  CreateVoiceConnector: {
    responseSchema: CreateVoiceConnectorResponseSchema,
    handle(input, context) {
      const request = parseInput(CreateVoiceConnectorRequestSchema, input);
      const id = newVoiceConnectorId();
      const region = request.AwsRegion ?? DEFAULT_CREATE_REGION;
      const timestamp = context.now.toISOString();
      const connector: StoredVoiceConnector = {
        voiceConnector: {
          VoiceConnectorId: id,
          AwsRegion: region,
          Name: request.Name,
          OutboundHostName: `${id}.voiceconnector.chime.aws`,
          RequireEncryption: request.RequireEncryption,
          CreatedTimestamp: timestamp,
          UpdatedTimestamp: timestamp,
          VoiceConnectorArn: `arn:aws:chime:${region}:${ACCOUNT_ID}:vc/${id}`,
          ...(request.IntegrationType === undefined ? {} : { IntegrationType: request.IntegrationType }),
          NetworkType: request.NetworkType ?? 'IPV4_ONLY',
        },
        proxySessions: new Map(),
        credentials: new Map(),
      };
      context.state.add(connector);
      return { VoiceConnector: connector.voiceConnector };
    },
  },

  ListVoiceConnectors: {
    responseSchema: ListVoiceConnectorsResponseSchema,
    handle(input, context) {
      const request = parseInput(ListVoiceConnectorsRequestSchema, input);
      const all = context.state.list(context.region);
      const offset = request.NextToken === undefined ? 0 : decodeNextToken(request.NextToken);
      const pageSize = request.MaxResults ?? RESULT_MAX_RANGE.max;
      const page = all.slice(offset, offset + pageSize);
      const next = offset + pageSize;
      return {
        VoiceConnectors: page.map((connector) => connector.voiceConnector),
        ...(next < all.length ? { NextToken: encodeNextToken(next) } : {}),
      };
    },
  },

  GetVoiceConnector: {
    responseSchema: GetVoiceConnectorResponseSchema,
    handle(input, context) {
      const request = parseInput(GetVoiceConnectorRequestSchema, input);
      return { VoiceConnector: connectorIn(context, request.VoiceConnectorId).voiceConnector };
    },
  },

  GetVoiceConnectorTermination: {
    responseSchema: GetVoiceConnectorTerminationResponseSchema,
    handle(input, context) {
      const request = parseInput(GetVoiceConnectorTerminationRequestSchema, input);
      const { termination } = connectorIn(context, request.VoiceConnectorId);
      return termination === undefined ? {} : { Termination: termination };
    },
  },

  PutVoiceConnectorTermination: {
    responseSchema: PutVoiceConnectorTerminationResponseSchema,
    handle(input, context) {
      const request = parseInput(PutVoiceConnectorTerminationRequestSchema, input);
      const connector = connectorIn(context, request.VoiceConnectorId);
      connector.termination = request.Termination;
      touch(connector, context);
      return { Termination: connector.termination };
    },
  },

  GetVoiceConnectorOrigination: {
    responseSchema: GetVoiceConnectorOriginationResponseSchema,
    handle(input, context) {
      const request = parseInput(GetVoiceConnectorOriginationRequestSchema, input);
      const { origination } = connectorIn(context, request.VoiceConnectorId);
      return origination === undefined ? {} : { Origination: origination };
    },
  },

  PutVoiceConnectorOrigination: {
    responseSchema: PutVoiceConnectorOriginationResponseSchema,
    handle(input, context) {
      const request = parseInput(PutVoiceConnectorOriginationRequestSchema, input);
      const connector = connectorIn(context, request.VoiceConnectorId);
      connector.origination = request.Origination;
      touch(connector, context);
      return { Origination: connector.origination };
    },
  },

  ListVoiceConnectorTerminationCredentials: {
    responseSchema: ListVoiceConnectorTerminationCredentialsResponseSchema,
    handle(input, context) {
      const request = parseInput(ListVoiceConnectorTerminationCredentialsRequestSchema, input);
      return { Usernames: [...connectorIn(context, request.VoiceConnectorId).credentials.keys()] };
    },
  },

  PutVoiceConnectorTerminationCredentials: {
    responseSchema: undefined,
    handle(input, context) {
      const request = parseInput(PutVoiceConnectorTerminationCredentialsRequestSchema, input);
      const connector = connectorIn(context, request.VoiceConnectorId);
      const credentials = request.Credentials ?? [];
      // The model leaves both members optional; a SIP digest credential without either is
      // meaningless, so the emulator refuses it as the service would rather than storing half of it.
      credentials.forEach((credential, index) => {
        for (const member of ['Username', 'Password'] as const) {
          if (credential[member] === undefined || credential[member] === '') {
            throw EmulatedAwsError.of(
              'BadRequestException',
              `Value at 'Credentials[${index}].${member}' failed to satisfy constraint: Member must not be empty`,
            );
          }
        }
      });
      for (const credential of credentials) {
        connector.credentials.set(credential.Username ?? '', credential.Password ?? '');
      }
      touch(connector, context);
      return undefined;
    },
  },

  DeleteVoiceConnectorTerminationCredentials: {
    responseSchema: undefined,
    handle(input, context) {
      const request = parseInput(DeleteVoiceConnectorTerminationCredentialsRequestSchema, input);
      const connector = connectorIn(context, request.VoiceConnectorId);
      for (const username of request.Usernames) connector.credentials.delete(username);
      touch(connector, context);
      return undefined;
    },
  },

  GetVoiceConnectorProxy: {
    responseSchema: GetVoiceConnectorProxyResponseSchema,
    handle(input, context) {
      const request = parseInput(GetVoiceConnectorProxyRequestSchema, input);
      const { proxy } = connectorIn(context, request.VoiceConnectorId);
      return proxy === undefined ? {} : { Proxy: proxy };
    },
  },

  PutVoiceConnectorProxy: {
    responseSchema: PutVoiceConnectorProxyResponseSchema,
    handle(input, context) {
      const request = parseInput(PutVoiceConnectorProxyRequestSchema, input);
      const connector = connectorIn(context, request.VoiceConnectorId);
      connector.proxy = {
        DefaultSessionExpiryMinutes: request.DefaultSessionExpiryMinutes,
        Disabled: request.Disabled ?? false,
        ...(request.FallBackPhoneNumber === undefined ? {} : { FallBackPhoneNumber: request.FallBackPhoneNumber }),
        PhoneNumberCountries: request.PhoneNumberPoolCountries,
      };
      touch(connector, context);
      return { Proxy: connector.proxy };
    },
  },

  CreateProxySession: {
    responseSchema: CreateProxySessionResponseSchema,
    handle(input, context) {
      const request = parseInput(CreateProxySessionRequestSchema, input);
      const connector = connectorIn(context, request.VoiceConnectorId);
      if (connector.proxy === undefined || connector.proxy.Disabled === true) {
        throw EmulatedAwsError.of(
          'BadRequestException',
          `Proxy is not enabled on voice connector ${request.VoiceConnectorId}.`,
        );
      }
      const defaultExpiry = connector.proxy.DefaultSessionExpiryMinutes;
      const expiryMinutes =
        request.ExpiryMinutes ?? (defaultExpiry !== undefined && defaultExpiry >= 1 ? defaultExpiry : undefined);
      const timestamp = context.now.toISOString();
      const session: WireProxySession & { ProxySessionId: string } = {
        VoiceConnectorId: request.VoiceConnectorId,
        ProxySessionId: randomUUID(),
        ...(request.Name === undefined ? {} : { Name: request.Name }),
        Status: 'Open',
        ...(expiryMinutes === undefined ? {} : { ExpiryMinutes: expiryMinutes }),
        Capabilities: request.Capabilities,
        CreatedTimestamp: timestamp,
        UpdatedTimestamp: timestamp,
        Participants: request.ParticipantPhoneNumbers.map((phoneNumber) => ({
          PhoneNumber: phoneNumber,
          ProxyPhoneNumber: EMULATOR_PROXY_PHONE_NUMBER,
        })),
        ...(request.NumberSelectionBehavior === undefined
          ? {}
          : { NumberSelectionBehavior: request.NumberSelectionBehavior }),
        ...(request.GeoMatchLevel === undefined ? {} : { GeoMatchLevel: request.GeoMatchLevel }),
        ...(request.GeoMatchParams === undefined ? {} : { GeoMatchParams: request.GeoMatchParams }),
      };
      connector.proxySessions.set(session.ProxySessionId, session);
      return { ProxySession: session };
    },
  },

  GetProxySession: {
    responseSchema: GetProxySessionResponseSchema,
    handle(input, context) {
      const request = parseInput(GetProxySessionRequestSchema, input);
      const session = connectorIn(context, request.VoiceConnectorId).proxySessions.get(request.ProxySessionId);
      if (session === undefined) {
        throw EmulatedAwsError.of(
          'NotFoundException',
          `Proxy session ${request.ProxySessionId} not found on voice connector ${request.VoiceConnectorId}.`,
        );
      }
      return { ProxySession: session };
    },
  },
};
