import { randomInt, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { EmulatedAwsError } from './aws-exceptions';
import { MODEL_OPERATIONS, MODEL_SHAPES } from './chime-sdk-voice-model.generated';
import { type EmulatorState, type StoredVoiceConnector, terminationHealthAt } from './emulator-state';
import type { ModelValue, OperationInput, OperationOutput, ShapeName } from './model-shapes';
import { checkModelShape, describeViolations } from './model-validation';
import type { ChimeRegion } from './regions';
import type { EmulatedOperation } from './routes';
import { EMULATOR_ACCOUNT_ID, EMULATOR_PROXY_PHONE_NUMBER } from './seed';

export interface OperationContext {
  /** From the request's SigV4 credential scope. */
  region: ChimeRegion;
  state: EmulatorState;
  now: Date;
}

/**
 * What one operation does with a request that satisfies the model's input shape; the answer is
 * checked against the output shape before it is sent (`undefined` for an operation that answers 204).
 */
type OperationHandler<O extends EmulatedOperation> = (
  request: OperationInput<O>,
  context: OperationContext,
) => OperationOutput<O>;

/** AWS's voice connector IDs are 21-22 lower-case letters and digits. */
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** CreateVoiceConnector's documented default when `AwsRegion` is absent. */
const DEFAULT_CREATE_REGION: ChimeRegion = 'us-east-1';

/** ListVoiceConnectors' page size when `MaxResults` is absent: the most `ResultMax` allows. */
const MAX_RESULTS_DEFAULT = MODEL_SHAPES.ResultMax.max;
/**
 * ListProxySessions' page size when `MaxResults` is absent. Neither the service model nor the API
 * reference states a default, so the emulator uses a small page (10) that a client must page through.
 */
const PROXY_SESSIONS_PAGE_DEFAULT = 10;

function newVoiceConnectorId(): string {
  let id = '';
  for (let index = 0; index < 22; index += 1) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
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

/**
 * The connector an ARN names (`arn:aws:chime:<region>:<account>:vc/<id>`), in the request's region;
 * the emulator keeps tags on voice connectors only.
 */
function connectorByArn(context: OperationContext, arn: string): StoredVoiceConnector {
  const match = /^arn:aws:chime:([a-z0-9-]+):(\d{12}):vc\/([a-z0-9]+)$/.exec(arn);
  const connector =
    match?.[1] === context.region && match[2] === EMULATOR_ACCOUNT_ID && match[3] !== undefined
      ? context.state.find(match[3], context.region)
      : undefined;
  if (connector === undefined) throw EmulatedAwsError.of('NotFoundException', `Resource ${arn} not found.`);
  return connector;
}

function touch(connector: StoredVoiceConnector, context: OperationContext): void {
  connector.voiceConnector.UpdatedTimestamp = context.now.toISOString();
}

/** The settings of a connector that a Put replaces whole. */
type ReplaceableSetting = 'termination' | 'origination' | 'proxy' | 'loggingConfiguration';

/** Replaces one of a connector's settings, marks the connector updated, and returns the new setting. */
function replaceSetting<K extends ReplaceableSetting>(
  context: OperationContext,
  voiceConnectorId: string,
  setting: K,
  value: NonNullable<StoredVoiceConnector[K]>,
): NonNullable<StoredVoiceConnector[K]> {
  const connector = connectorIn(context, voiceConnectorId);
  connector[setting] = value;
  touch(connector, context);
  return value;
}

/** `{ [name]: value }`, or `{}` when there is no value: an optional member left out of the JSON. */
function memberIfSet<K extends string, V>(name: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [name]: value } as Record<K, V>);
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

const OPERATION_HANDLERS: { [O in EmulatedOperation]: OperationHandler<O> } = {
  CreateVoiceConnector(request, context) {
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
        VoiceConnectorArn: `arn:aws:chime:${region}:${EMULATOR_ACCOUNT_ID}:vc/${id}`,
        ...memberIfSet('IntegrationType', request.IntegrationType),
        NetworkType: request.NetworkType ?? 'IPV4_ONLY',
      },
      proxySessions: new Map(),
      credentials: new Map(),
      tags: new Map((request.Tags ?? []).map((tag) => [tag.Key, tag.Value])),
    };
    context.state.add(connector);
    return { VoiceConnector: connector.voiceConnector };
  },

  ListVoiceConnectors(request, context) {
    const all = context.state.list(context.region);
    const offset = request.NextToken === undefined ? 0 : decodeNextToken(request.NextToken);
    const pageSize = request.MaxResults ?? MAX_RESULTS_DEFAULT;
    const page = all.slice(offset, offset + pageSize);
    const next = offset + pageSize;
    return {
      VoiceConnectors: page.map((connector) => connector.voiceConnector),
      ...(next < all.length ? { NextToken: encodeNextToken(next) } : {}),
    };
  },

  ListTagsForResource(request, context) {
    const { tags } = connectorByArn(context, request.ResourceARN);
    return tags.size === 0 ? {} : { Tags: [...tags].map(([Key, Value]) => ({ Key, Value })) };
  },

  TagResource(request, context) {
    const { tags } = connectorByArn(context, request.ResourceARN);
    const keys = new Set([...tags.keys(), ...request.Tags.map((tag) => tag.Key)]);
    if (keys.size > MODEL_SHAPES.TagList.max) {
      throw EmulatedAwsError.of('BadRequestException', `A resource can have at most ${MODEL_SHAPES.TagList.max} tags.`);
    }
    for (const tag of request.Tags) tags.set(tag.Key, tag.Value);
    return undefined;
  },

  UntagResource(request, context) {
    const { tags } = connectorByArn(context, request.ResourceARN);
    for (const key of request.TagKeys) tags.delete(key);
    return undefined;
  },

  GetVoiceConnector(request, context) {
    return { VoiceConnector: connectorIn(context, request.VoiceConnectorId).voiceConnector };
  },

  GetVoiceConnectorTermination(request, context) {
    return memberIfSet('Termination', connectorIn(context, request.VoiceConnectorId).termination);
  },

  PutVoiceConnectorTermination(request, context) {
    return { Termination: replaceSetting(context, request.VoiceConnectorId, 'termination', request.Termination) };
  },

  GetVoiceConnectorOrigination(request, context) {
    return memberIfSet('Origination', connectorIn(context, request.VoiceConnectorId).origination);
  },

  PutVoiceConnectorOrigination(request, context) {
    return { Origination: replaceSetting(context, request.VoiceConnectorId, 'origination', request.Origination) };
  },

  ListVoiceConnectorTerminationCredentials(request, context) {
    return { Usernames: [...connectorIn(context, request.VoiceConnectorId).credentials.keys()] };
  },

  PutVoiceConnectorTerminationCredentials(request, context) {
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

  DeleteVoiceConnectorTerminationCredentials(request, context) {
    const connector = connectorIn(context, request.VoiceConnectorId);
    for (const username of request.Usernames) connector.credentials.delete(username);
    touch(connector, context);
    return undefined;
  },

  /**
   * A connector whose PBX never sent an OPTIONS ping answers NotFoundException (worded so that it is
   * not mistaken for an unknown connector); `answerWith` gives the other form a client must also
   * read as "no ping", a 200 with no `TerminationHealth`.
   */
  GetVoiceConnectorTerminationHealth(request, context) {
    const { terminationHealth } = connectorIn(context, request.VoiceConnectorId);
    if (terminationHealth === undefined) {
      throw EmulatedAwsError.of(
        'NotFoundException',
        `No SIP OPTIONS ping has been received for voice connector ${request.VoiceConnectorId}.`,
      );
    }
    return { TerminationHealth: terminationHealthAt(terminationHealth, context.now) };
  },

  /** A connector whose logging was never configured has both kinds off, and says so. */
  GetVoiceConnectorLoggingConfiguration(request, context) {
    const { loggingConfiguration } = connectorIn(context, request.VoiceConnectorId);
    return { LoggingConfiguration: loggingConfiguration ?? { EnableSIPLogs: false, EnableMediaMetricLogs: false } };
  },

  /** Replaces the whole configuration; a flag left out is off, and the echo carries what was sent. */
  PutVoiceConnectorLoggingConfiguration(request, context) {
    const { VoiceConnectorId, LoggingConfiguration } = request;
    return {
      LoggingConfiguration: replaceSetting(context, VoiceConnectorId, 'loggingConfiguration', LoggingConfiguration),
    };
  },

  GetVoiceConnectorProxy(request, context) {
    return memberIfSet('Proxy', connectorIn(context, request.VoiceConnectorId).proxy);
  },

  PutVoiceConnectorProxy(request, context) {
    const proxy = {
      DefaultSessionExpiryMinutes: request.DefaultSessionExpiryMinutes,
      Disabled: request.Disabled ?? false,
      ...memberIfSet('FallBackPhoneNumber', request.FallBackPhoneNumber),
      PhoneNumberCountries: request.PhoneNumberPoolCountries,
    };
    return { Proxy: replaceSetting(context, request.VoiceConnectorId, 'proxy', proxy) };
  },

  CreateProxySession(request, context) {
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
    const session: ModelValue<'ProxySession'> & { ProxySessionId: string } = {
      VoiceConnectorId: request.VoiceConnectorId,
      ProxySessionId: randomUUID(),
      ...memberIfSet('Name', request.Name),
      Status: 'Open',
      ...memberIfSet('ExpiryMinutes', expiryMinutes),
      Capabilities: request.Capabilities,
      CreatedTimestamp: timestamp,
      UpdatedTimestamp: timestamp,
      Participants: request.ParticipantPhoneNumbers.map((phoneNumber) => ({
        PhoneNumber: phoneNumber,
        ProxyPhoneNumber: EMULATOR_PROXY_PHONE_NUMBER,
      })),
      ...memberIfSet('NumberSelectionBehavior', request.NumberSelectionBehavior),
      ...memberIfSet('GeoMatchLevel', request.GeoMatchLevel),
      ...memberIfSet('GeoMatchParams', request.GeoMatchParams),
    };
    connector.proxySessions.set(session.ProxySessionId, session);
    return { ProxySession: session };
  },

  GetProxySession(request, context) {
    const session = connectorIn(context, request.VoiceConnectorId).proxySessions.get(request.ProxySessionId);
    if (session === undefined) {
      throw EmulatedAwsError.of(
        'NotFoundException',
        `Proxy session ${request.ProxySessionId} not found on voice connector ${request.VoiceConnectorId}.`,
      );
    }
    return { ProxySession: session };
  },

  /**
   * The connector's sessions in the order they were created or seeded, those of one `Status` when
   * it is given, a page at a time (`MaxResults`, default {@link PROXY_SESSIONS_PAGE_DEFAULT}) with a
   * `NextToken` for the next page, left out on the last one.
   */
  ListProxySessions(request, context) {
    const { proxySessions } = connectorIn(context, request.VoiceConnectorId);
    const all = [...proxySessions.values()].filter(
      (session) => request.Status === undefined || session.Status === request.Status,
    );
    const offset = request.NextToken === undefined ? 0 : decodeNextToken(request.NextToken);
    const pageSize = request.MaxResults ?? PROXY_SESSIONS_PAGE_DEFAULT;
    const next = offset + pageSize;
    return {
      ProxySessions: all.slice(offset, next),
      ...(next < all.length ? { NextToken: encodeNextToken(next) } : {}),
    };
  },
};

/**
 * Runs `operation` on the members gathered from a request: refuses them with BadRequestException
 * unless they satisfy the model's input shape, and answers ServiceFailureException if what the
 * emulator would send back breaks the output shape (a seed or a handler that strays from the model).
 * Returns the request as the model took it (for the change record) and the answer.
 */
export function runOperation(
  operation: EmulatedOperation,
  members: Record<string, unknown>,
  context: OperationContext,
): { request: Record<string, unknown>; output: unknown } {
  const { input, output } = MODEL_OPERATIONS[operation] as { input: ShapeName; output?: ShapeName };
  const request = checkModelShape(input, members);
  if (!request.ok) throw EmulatedAwsError.of('BadRequestException', describeViolations(request.violations));
  const handler = OPERATION_HANDLERS[operation] as (request: unknown, context: OperationContext) => unknown;
  const answer = handler(request.value, context);
  if (output !== undefined) {
    const checked = checkModelShape(output, answer);
    if (!checked.ok) {
      throw EmulatedAwsError.of(
        'ServiceFailureException',
        `The Chime emulator produced a ${operation} response that breaks the model (check the seed): ${describeViolations(checked.violations)}`,
      );
    }
  }
  return { request: request.value as Record<string, unknown>, output: answer };
}
