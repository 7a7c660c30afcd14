import { isProxySessionId, isVoiceConnectorId } from '../../chime/model-schemas';
import { CHIME_REGIONS, type ChimeRegion, isChimeRegion } from '../../chime/regions';

/**
 * The slash command's grammar (see the README's command list):
 *
 * ```
 * /chime                                    menu modal
 * /chime help
 * /chime termination <voice-connector-id>
 * /chime proxy <voice-connector-id>
 * /chime session <voice-connector-id> <proxy-session-id>
 * /chime origination <voice-connector-id>
 * /chime credentials <voice-connector-id>
 * /chime audit [<voice-connector-id>] [--limit N] [--user <@user>]
 * /chime audit verify <voice-connector-id>
 * every command: [--region <aws-region>]; reads and audit lists: [--share]
 * ```
 */
export type ParsedCommand =
  | { kind: 'menu'; region: ChimeRegion }
  | { kind: 'help' }
  | { kind: 'read'; operation: 'termination' | 'proxy'; voiceConnectorId: string; region: ChimeRegion; share: boolean }
  | {
      kind: 'read';
      operation: 'proxy-session';
      voiceConnectorId: string;
      proxySessionId: string;
      region: ChimeRegion;
      share: boolean;
    }
  | { kind: 'change'; change: 'origination' | 'credentials'; voiceConnectorId: string; region: ChimeRegion }
  | { kind: 'audit-list'; voiceConnectorId?: string; userId?: string; limit: number; share: boolean }
  | { kind: 'audit-verify'; voiceConnectorId: string };

export interface CommandError {
  /** One sentence saying what is wrong, shown above the usage. */
  message: string;
  /** The subcommand the person meant, when recognisable (for the audit entry). */
  subcommand?: string;
  /** The connector the person named, when it was a valid ID (its chain gets the refusal). */
  voiceConnectorId?: string;
}

export type ParseResult = { ok: true; command: ParsedCommand } | { ok: false; error: CommandError };

export const AUDIT_DEFAULT_LIMIT = 10;
export const AUDIT_MAX_LIMIT = 50;

const SUBCOMMANDS = ['help', 'termination', 'proxy', 'session', 'origination', 'credentials', 'audit'] as const;
type Subcommand = (typeof SUBCOMMANDS)[number];

/** `<@U123|name>` (escaped mention), `<@U123>`, `@U123` or `U123`. */
const USER_REFERENCE = /^(?:<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|@?([UW][A-Z0-9]{2,}))$/;

/**
 * Parses the text after the slash command. Pure: no I/O, so it runs before the acknowledgement.
 *
 * @example
 * parseCommand('termination abcdef1234567890abcdef --region eu-west-2', 'us-east-1')
 * // { ok: true, command: { kind: 'read', operation: 'termination', voiceConnectorId: 'abcdef1234567890abcdef', region: 'eu-west-2', share: false } }
 */
export function parseCommand(text: string, defaultRegion: ChimeRegion): ParseResult {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const positional: string[] = [];
  let region: ChimeRegion = defaultRegion;
  let share = false;
  let limit: number | undefined;
  let user: string | undefined;

  const fail = (message: string, extra: Omit<CommandError, 'message'> = {}): ParseResult => ({
    ok: false,
    error: { message, ...extra },
  });

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    if (!token.startsWith('--')) {
      positional.push(token);
      continue;
    }
    const [flag, inline] = token.includes('=') ? token.split(/=(.*)/s, 2) : [token, undefined];
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = tokens[index + 1];
      if (next === undefined || next.startsWith('--')) return undefined;
      index += 1;
      return next;
    };
    switch (flag) {
      case '--region': {
        const value = takeValue();
        if (value === undefined) return fail('`--region` needs a region, e.g. `--region eu-west-2`.');
        if (!isChimeRegion(value)) {
          return fail(
            `\`${value}\` is not a region where Chime SDK Voice runs. Use one of: ${CHIME_REGIONS.join(', ')}.`,
          );
        }
        region = value;
        break;
      }
      case '--share':
        if (inline !== undefined) return fail('`--share` takes no value.');
        share = true;
        break;
      case '--limit': {
        const value = takeValue();
        const parsed = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN;
        if (!Number.isInteger(parsed) || parsed < 1 || parsed > AUDIT_MAX_LIMIT) {
          return fail(`\`--limit\` needs a whole number from 1 to ${AUDIT_MAX_LIMIT}.`);
        }
        limit = parsed;
        break;
      }
      case '--user': {
        const value = takeValue();
        const match = value === undefined ? null : USER_REFERENCE.exec(value);
        const userId = match?.[1] ?? match?.[2];
        if (userId === undefined) return fail('`--user` needs a person, e.g. `--user @alice`.');
        user = userId;
        break;
      }
      default:
        return fail(`Unknown option \`${truncate(flag ?? token)}\`.`);
    }
  }

  const [first, ...rest] = positional;
  if (first === undefined) {
    if (share || limit !== undefined || user !== undefined) return fail('Options need a subcommand.');
    return { ok: true, command: { kind: 'menu', region } };
  }
  const subcommand = first.toLowerCase();
  if (!isSubcommand(subcommand)) return fail(`Unknown subcommand \`${truncate(first)}\`.`);

  const onlyFor = (allowed: Subcommand[], what: string, present: boolean): ParseResult | undefined =>
    present && !allowed.includes(subcommand)
      ? fail(`\`${what}\` does not apply to \`${subcommand}\`.`, { subcommand })
      : undefined;
  const misplaced =
    onlyFor(['termination', 'proxy', 'session', 'audit'], '--share', share) ??
    onlyFor(['audit'], '--limit', limit !== undefined) ??
    onlyFor(['audit'], '--user', user !== undefined);
  if (misplaced) return misplaced;

  const connector = (value: string | undefined): { id?: string; error?: ParseResult } => {
    if (value === undefined) return { error: fail(`\`${subcommand}\` needs a voice connector ID.`, { subcommand }) };
    if (!isVoiceConnectorId(value)) {
      return {
        error: fail(
          `\`${truncate(value)}\` is not a voice connector ID (21–22 lower-case letters and digits, or a UUID).`,
          { subcommand },
        ),
      };
    }
    return { id: value };
  };
  const noMore = (extra: string[], voiceConnectorId?: string): ParseResult | undefined =>
    extra.length > 0
      ? fail(`Unexpected \`${truncate(extra.join(' '))}\` after \`${subcommand}\`.`, { subcommand, voiceConnectorId })
      : undefined;

  switch (subcommand) {
    case 'help':
      return noMore(rest) ?? { ok: true, command: { kind: 'help' } };
    case 'termination':
    case 'proxy':
    case 'origination':
    case 'credentials': {
      const [id, ...extra] = rest;
      const parsed = connector(id);
      if (parsed.error) return parsed.error;
      const voiceConnectorId = parsed.id as string;
      const unexpected = noMore(extra, voiceConnectorId);
      if (unexpected) return unexpected;
      if (subcommand === 'origination' || subcommand === 'credentials') {
        return { ok: true, command: { kind: 'change', change: subcommand, voiceConnectorId, region } };
      }
      return { ok: true, command: { kind: 'read', operation: subcommand, voiceConnectorId, region, share } };
    }
    case 'session': {
      const [id, sessionId, ...extra] = rest;
      const parsed = connector(id);
      if (parsed.error) return parsed.error;
      const voiceConnectorId = parsed.id as string;
      if (sessionId === undefined) {
        return fail('`session` needs a voice connector ID and a proxy session ID.', { subcommand, voiceConnectorId });
      }
      if (!isProxySessionId(sessionId)) {
        return fail(`\`${truncate(sessionId)}\` is not a proxy session ID (1–128 characters).`, {
          subcommand,
          voiceConnectorId,
        });
      }
      const unexpected = noMore(extra, voiceConnectorId);
      if (unexpected) return unexpected;
      return {
        ok: true,
        command: {
          kind: 'read',
          operation: 'proxy-session',
          voiceConnectorId,
          proxySessionId: sessionId,
          region,
          share,
        },
      };
    }
    case 'audit': {
      if (rest[0]?.toLowerCase() === 'verify') {
        if (limit !== undefined || user !== undefined || share) {
          return fail('`audit verify` takes only a voice connector ID.', { subcommand });
        }
        const [, id, ...extra] = rest;
        const parsed = connector(id);
        if (parsed.error) return parsed.error;
        const voiceConnectorId = parsed.id as string;
        return noMore(extra, voiceConnectorId) ?? { ok: true, command: { kind: 'audit-verify', voiceConnectorId } };
      }
      const [id, ...extra] = rest;
      let voiceConnectorId: string | undefined;
      if (id !== undefined) {
        const parsed = connector(id);
        if (parsed.error) return parsed.error;
        voiceConnectorId = parsed.id;
      }
      const unexpected = noMore(extra, voiceConnectorId);
      if (unexpected) return unexpected;
      return {
        ok: true,
        command: { kind: 'audit-list', voiceConnectorId, userId: user, limit: limit ?? AUDIT_DEFAULT_LIMIT, share },
      };
    }
  }
}

function isSubcommand(value: string): value is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(value);
}

/** Echoed input is cut short: a pasted novel must not become the error message. */
function truncate(value: string): string {
  const clean = value.replace(/`/g, "'");
  return clean.length > 60 ? `${clean.slice(0, 57)}…` : clean;
}
