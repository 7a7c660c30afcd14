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
  /** One sentence saying what is wrong, shown above the usage. It may quote what was typed. */
  message: string;
  /**
   * What kind of mistake, in a word (`unknown-subcommand`, `bad-connector-id`, …): this, never the
   * message, goes into the audit log, which must not keep what was typed (it might be a password
   * pasted into the wrong place).
   */
  code: CommandErrorCode;
  /** The subcommand the person meant, when recognisable (for the audit entry). */
  subcommand?: string;
  /** The connector the person named, when it was a valid ID (its chain gets the refusal). */
  voiceConnectorId?: string;
}

export type CommandErrorCode =
  | 'unknown-subcommand'
  | 'unknown-option'
  | 'misplaced-option'
  | 'bad-region'
  | 'bad-limit'
  | 'bad-user'
  | 'missing-connector-id'
  | 'bad-connector-id'
  | 'missing-proxy-session-id'
  | 'bad-proxy-session-id'
  | 'unexpected-arguments';

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
  // An option's error waits until the positional words are known, so that it can name them too.
  let optionError: { message: string; code: CommandErrorCode } | undefined;

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    if (!token.startsWith('--')) {
      positional.push(token);
      continue;
    }
    const [flag, inline] = token.includes('=') ? token.split(/=(.*)/s, 2) : [token, undefined];
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline === '' ? undefined : inline;
      const next = tokens[index + 1];
      if (next === undefined || next.startsWith('--')) return undefined;
      index += 1;
      return next;
    };
    const problem = ((): { message: string; code: CommandErrorCode } | undefined => {
      switch (flag) {
        case '--region': {
          const value = takeValue();
          if (value === undefined) {
            return { code: 'bad-region', message: '`--region` needs a region, e.g. `--region eu-west-2`.' };
          }
          if (!isChimeRegion(value)) {
            return {
              code: 'bad-region',
              message: `\`${truncate(value)}\` is not a region where Chime SDK Voice runs. Use one of: ${CHIME_REGIONS.join(', ')}.`,
            };
          }
          region = value;
          return undefined;
        }
        case '--share':
          if (inline !== undefined) return { code: 'unknown-option', message: '`--share` takes no value.' };
          share = true;
          return undefined;
        case '--limit': {
          const value = takeValue();
          const parsed = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN;
          if (!Number.isInteger(parsed) || parsed < 1 || parsed > AUDIT_MAX_LIMIT) {
            return { code: 'bad-limit', message: `\`--limit\` needs a whole number from 1 to ${AUDIT_MAX_LIMIT}.` };
          }
          limit = parsed;
          return undefined;
        }
        case '--user': {
          const value = takeValue();
          const match = value === undefined ? null : USER_REFERENCE.exec(value);
          const userId = match?.[1] ?? match?.[2];
          if (userId === undefined) {
            return {
              code: 'bad-user',
              message: '`--user` needs a person: type `@` and pick them, e.g. `--user @alice`.',
            };
          }
          user = userId;
          return undefined;
        }
        default:
          return { code: 'unknown-option', message: `Unknown option \`${truncate(flag ?? token)}\`.` };
      }
    })();
    optionError ??= problem;
  }

  const [first, ...rest] = positional;
  const subcommand = first?.toLowerCase();
  const known = subcommand !== undefined && isSubcommand(subcommand) ? subcommand : undefined;
  const context = refusalContext(known, rest);
  const fail = (message: string, code: CommandErrorCode): ParseResult => ({
    ok: false,
    error: { message, code, ...context },
  });

  if (optionError !== undefined) return fail(optionError.message, optionError.code);
  if (first === undefined || subcommand === undefined) {
    if (share || limit !== undefined || user !== undefined)
      return fail('Options need a subcommand.', 'misplaced-option');
    return { ok: true, command: { kind: 'menu', region } };
  }
  if (known === undefined) return fail(`Unknown subcommand \`${truncate(first)}\`.`, 'unknown-subcommand');

  const onlyFor = (allowed: Subcommand[], what: string, present: boolean): ParseResult | undefined =>
    present && !allowed.includes(known)
      ? fail(`\`${what}\` does not apply to \`${known}\`.`, 'misplaced-option')
      : undefined;
  const misplaced =
    onlyFor(['termination', 'proxy', 'session', 'audit'], '--share', share) ??
    onlyFor(['audit'], '--limit', limit !== undefined) ??
    onlyFor(['audit'], '--user', user !== undefined);
  if (misplaced) return misplaced;

  const connector = (value: string | undefined): { id: string } | { error: ParseResult } => {
    if (value === undefined) return { error: fail(`\`${known}\` needs a voice connector ID.`, 'missing-connector-id') };
    if (!isVoiceConnectorId(value)) {
      return {
        error: fail(
          `\`${truncate(value)}\` is not a voice connector ID (21–22 lower-case letters and digits, or a UUID).`,
          'bad-connector-id',
        ),
      };
    }
    return { id: value };
  };
  const noMore = (extra: string[]): ParseResult | undefined =>
    extra.length > 0
      ? fail(`Unexpected \`${truncate(extra.join(' '))}\` after \`${known}\`.`, 'unexpected-arguments')
      : undefined;

  switch (known) {
    case 'help':
      return noMore(rest) ?? { ok: true, command: { kind: 'help' } };
    case 'termination':
    case 'proxy':
    case 'origination':
    case 'credentials': {
      const [id, ...extra] = rest;
      const parsed = connector(id);
      if ('error' in parsed) return parsed.error;
      const voiceConnectorId = parsed.id;
      const unexpected = noMore(extra);
      if (unexpected) return unexpected;
      if (known === 'origination' || known === 'credentials') {
        return { ok: true, command: { kind: 'change', change: known, voiceConnectorId, region } };
      }
      return { ok: true, command: { kind: 'read', operation: known, voiceConnectorId, region, share } };
    }
    case 'session': {
      const [id, sessionId, ...extra] = rest;
      const parsed = connector(id);
      if ('error' in parsed) return parsed.error;
      const voiceConnectorId = parsed.id;
      if (sessionId === undefined)
        return fail('`session` needs a voice connector ID and a proxy session ID.', 'missing-proxy-session-id');
      if (!isProxySessionId(sessionId)) {
        return fail(`\`${truncate(sessionId)}\` is not a proxy session ID (1–128 characters).`, 'bad-proxy-session-id');
      }
      const unexpected = noMore(extra);
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
          return fail('`audit verify` takes only a voice connector ID.', 'misplaced-option');
        }
        const [, id, ...extra] = rest;
        const parsed = connector(id);
        if ('error' in parsed) return parsed.error;
        return noMore(extra) ?? { ok: true, command: { kind: 'audit-verify', voiceConnectorId: parsed.id } };
      }
      const [id, ...extra] = rest;
      let voiceConnectorId: string | undefined;
      if (id !== undefined) {
        const parsed = connector(id);
        if ('error' in parsed) return parsed.error;
        voiceConnectorId = parsed.id;
      }
      const unexpected = noMore(extra);
      if (unexpected) return unexpected;
      return {
        ok: true,
        command: { kind: 'audit-list', voiceConnectorId, userId: user, limit: limit ?? AUDIT_DEFAULT_LIMIT, share },
      };
    }
  }
}

/**
 * What a refusal names for its audit entry: the subcommand when it is one, and the connector when
 * the word where its ID belongs is a valid one (the refusal then goes to that connector's chain).
 */
function refusalContext(subcommand: Subcommand | undefined, rest: string[]): Omit<CommandError, 'message' | 'code'> {
  if (subcommand === undefined) return {};
  if (subcommand === 'help') return { subcommand };
  const candidate = subcommand === 'audit' && rest[0]?.toLowerCase() === 'verify' ? rest[1] : rest[0];
  return candidate !== undefined && isVoiceConnectorId(candidate)
    ? { subcommand, voiceConnectorId: candidate }
    : { subcommand };
}

function isSubcommand(value: string): value is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(value);
}

/** Echoed input is cut short: a pasted novel must not become the error message. */
function truncate(value: string): string {
  const clean = value.replace(/`/g, "'");
  return clean.length > 60 ? `${clean.slice(0, 57)}…` : clean;
}
