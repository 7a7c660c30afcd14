import { closest, distance } from 'fastest-levenshtein';
import { isProxySessionId, isVoiceConnectorId } from '../../chime/model-schemas';
import { CHIME_REGIONS, type ChimeRegion, isChimeRegion } from '../../chime/regions';
import type { ArgumentKind, OptionName, ParsedArguments, SubcommandSpec } from '../../operations/operation';

/**
 * The slash command's grammar. The subcommands come from the operations (`registry.ts`); what
 * is built in is the menu (no words), `help`, and the options:
 *
 * ```
 * /chime                       menu modal
 * /chime help
 * /chime <words…> <args…>      a subcommand an operation declares
 * every command: [--region <aws-region>]; some: [--share] [--limit N] [--user <@user>]; change
 * commands: [--break-glass]; audit: [--unreviewed]
 * ```
 */
export type ParsedCommand =
  | { kind: 'menu'; region: ChimeRegion }
  | { kind: 'help' }
  /** `name` is the subcommand's words, space-separated (`termination`, `audit verify`). */
  | { kind: 'subcommand'; name: string; args: ParsedArguments };

export interface CommandError {
  /**
   * One sentence saying what is wrong and what was expected. It never quotes what was typed: a
   * password pasted where an ID belongs must not come back in the reply.
   */
  message: string;
  /** A close match for a mistyped subcommand, option or region (`termination`): the only word quoted back. */
  suggestion?: string;
  /** The usage of the subcommand meant, when recognisable (`termination <voice-connector-id>`). */
  usage?: string;
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

/** `<@U123|name>` (escaped mention), `<@U123>`, `@U123` or `U123`. */
const USER_REFERENCE = /^(?:<@([UW][A-Z0-9]{2,})(?:\|[^>]*)?>|@?([UW][A-Z0-9]{2,}))$/;
/**
 * A name typed by hand (`@alice`, `alice`, `alice.smith`): Slack handles and display names are
 * at most 80 characters, without spaces here (one word of the command).
 */
const USER_NAME = /^@?([\p{L}\p{N}][\p{L}\p{N}._'-]{0,79})$/u;

const ARGUMENT_NOUN: Record<ArgumentKind, string> = {
  connector: 'a voice connector ID',
  'optional-connector': 'a voice connector ID',
  'proxy-session': 'a proxy session ID',
};

const OPTION_FLAGS: readonly OptionName[] = ['share', 'limit', 'user', 'break-glass', 'unreviewed'];
const OPTION_NAMES = ['--region', '--share', '--limit', '--user', '--break-glass', '--unreviewed'] as const;

/** The subcommand's name as the grammar and the job runner know it. */
export function subcommandName(spec: Pick<SubcommandSpec, 'words'>): string {
  return spec.words.join(' ');
}

/**
 * Parses the text after the slash command against the operations' subcommands. Pure: no I/O,
 * so it runs before the acknowledgement.
 *
 * @example
 * parseCommand('termination abcdef1234567890abcdef --region eu-west-2', 'us-east-1', SUBCOMMANDS)
 * // { ok: true, command: { kind: 'subcommand', name: 'termination',
 * //   args: { voiceConnectorId: 'abcdef1234567890abcdef', region: 'eu-west-2', share: false } } }
 */
export function parseCommand(
  text: string,
  defaultRegion: ChimeRegion,
  subcommands: readonly SubcommandSpec[],
): ParseResult {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const positional: string[] = [];
  let region: ChimeRegion = defaultRegion;
  const given: {
    share: boolean;
    limit?: number;
    user?: string;
    userName?: string;
    breakGlass?: boolean;
    unreviewed?: boolean;
  } = { share: false };
  // An option's error waits until the positional words are known, so that it can name them too.
  let optionError: { message: string; code: CommandErrorCode; suggestion?: string } | undefined;

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
    const problem = ((): { message: string; code: CommandErrorCode; suggestion?: string } | undefined => {
      switch (flag) {
        case '--region': {
          const value = takeValue();
          if (value === undefined) {
            return { code: 'bad-region', message: '`--region` needs a region, e.g. `--region eu-west-2`.' };
          }
          if (!isChimeRegion(value)) {
            return {
              code: 'bad-region',
              message: `That is not a region where Chime SDK Voice runs. Use one of: ${CHIME_REGIONS.join(', ')}.`,
              ...suggest(value, CHIME_REGIONS),
            };
          }
          region = value;
          return undefined;
        }
        case '--share':
          if (inline !== undefined) return { code: 'unknown-option', message: '`--share` takes no value.' };
          given.share = true;
          return undefined;
        case '--break-glass':
          if (inline !== undefined) return { code: 'unknown-option', message: '`--break-glass` takes no value.' };
          given.breakGlass = true;
          return undefined;
        case '--unreviewed':
          if (inline !== undefined) return { code: 'unknown-option', message: '`--unreviewed` takes no value.' };
          given.unreviewed = true;
          return undefined;
        case '--limit': {
          const value = takeValue();
          const parsed = value !== undefined && /^\d+$/.test(value) ? Number(value) : Number.NaN;
          if (!Number.isInteger(parsed) || parsed < 1 || parsed > AUDIT_MAX_LIMIT) {
            return { code: 'bad-limit', message: `\`--limit\` needs a whole number from 1 to ${AUDIT_MAX_LIMIT}.` };
          }
          given.limit = parsed;
          return undefined;
        }
        case '--user': {
          const value = takeValue();
          const match = value === undefined ? null : USER_REFERENCE.exec(value);
          const userId = match?.[1] ?? match?.[2];
          if (userId !== undefined) {
            given.user = userId;
            return undefined;
          }
          // A name typed by hand: the worker looks it up in the workspace's directory.
          const name = value === undefined ? null : USER_NAME.exec(value);
          if (name?.[1] !== undefined) {
            given.userName = name[1];
            return undefined;
          }
          return {
            code: 'bad-user',
            message: '`--user` needs a person: a mention, their name or their user ID, e.g. `--user @alice`.',
          };
        }
        default:
          return {
            code: 'unknown-option',
            message: `Unknown option. The options are ${OPTION_NAMES.map((name) => `\`${name}\``).join(', ')}.`,
            ...suggest(flag ?? token, OPTION_NAMES),
          };
      }
    })();
    optionError ??= problem;
  }
  const present = (option: OptionName): boolean => {
    switch (option) {
      case 'share':
        return given.share;
      case 'limit':
        return given.limit !== undefined;
      case 'user':
        return given.user !== undefined || given.userName !== undefined;
      case 'break-glass':
        return given.breakGlass === true;
      case 'unreviewed':
        return given.unreviewed === true;
    }
  };

  const [first, ...rest] = positional;
  const subcommand = first?.toLowerCase();
  const group = subcommands.filter((spec) => spec.words[0] === subcommand);
  const known = subcommand === 'help' || group.length > 0 ? subcommand : undefined;
  const spec = group.length > 0 ? matchingSpec(group, rest) : undefined;
  const args = rest.slice((spec?.words.length ?? 1) - 1);
  const context = refusalContext(known, spec, args);
  const usage = spec?.help.usage ?? (group.length === 1 ? group[0]?.help.usage : undefined);
  const fail = (message: string, code: CommandErrorCode, suggestion?: string): ParseResult => ({
    ok: false,
    error: {
      message,
      code,
      ...context,
      ...(suggestion !== undefined ? { suggestion } : {}),
      ...(usage !== undefined ? { usage } : {}),
    },
  });

  if (optionError !== undefined) return fail(optionError.message, optionError.code, optionError.suggestion);
  if (first === undefined || subcommand === undefined) {
    if (OPTION_FLAGS.some(present)) return fail('Options need a subcommand.', 'misplaced-option');
    return { ok: true, command: { kind: 'menu', region } };
  }
  if (known === undefined) {
    const words = [
      'help',
      ...new Set(
        subcommands.filter((candidate) => !candidate.help.hidden).map((candidate) => candidate.words[0] ?? ''),
      ),
    ];
    return fail('Unknown subcommand.', 'unknown-subcommand', suggest(first, words).suggestion);
  }

  // An option no subcommand of that word takes; then one the chosen subcommand does not.
  const misplaced = OPTION_FLAGS.find(
    (option) => present(option) && !group.some((candidate) => candidate.options?.includes(option)),
  );
  if (misplaced !== undefined) return fail(`\`--${misplaced}\` does not apply to \`${known}\`.`, 'misplaced-option');
  const noMore = (extra: string[]): ParseResult | undefined =>
    extra.length > 0
      ? fail(
          spec === undefined || spec.args.length === 0
            ? `\`${known}\` takes nothing after it.`
            : `\`${subcommandName(spec)}\` takes only ${describe(spec.args)}; remove what follows.`,
          'unexpected-arguments',
        )
      : undefined;
  if (spec === undefined && group.length > 0) {
    // A word that only starts longer subcommands (`change`): say which words may follow it.
    const next = group.map((candidate) => candidate.words[1]).filter((word) => word !== undefined);
    return fail(`\`${known}\` needs one of: ${next.join(', ')}.`, 'unknown-subcommand');
  }
  if (spec === undefined) return noMore(rest) ?? { ok: true, command: { kind: 'help' } };
  if (OPTION_FLAGS.some((option) => present(option) && !spec.options?.includes(option))) {
    return fail(`\`${subcommandName(spec)}\` takes only ${describe(spec.args)}.`, 'misplaced-option');
  }

  const parsed: ParsedArguments = { region, share: given.share };
  for (const [index, kind] of spec.args.entries()) {
    const value = args[index];
    if (value === undefined) {
      if (kind === 'optional-connector') continue;
      return kind === 'proxy-session'
        ? fail(`\`${known}\` needs ${describe(spec.args.slice(0, index + 1))}.`, 'missing-proxy-session-id')
        : fail(`\`${known}\` needs ${describe([kind])}.`, 'missing-connector-id');
    }
    if (kind === 'proxy-session') {
      if (!isProxySessionId(value)) {
        return fail(
          'That is not a proxy session ID: it is 1–128 characters, not only spaces or dots.',
          'bad-proxy-session-id',
        );
      }
      parsed.proxySessionId = value;
    } else {
      if (!isVoiceConnectorId(value)) {
        return fail(
          'That is not a voice connector ID: it is 21–22 lower-case letters and digits, or a UUID.',
          'bad-connector-id',
        );
      }
      parsed.voiceConnectorId = value;
    }
  }
  const unexpected = noMore(args.slice(spec.args.length));
  if (unexpected) return unexpected;
  if (spec.options?.includes('limit')) parsed.limit = given.limit ?? AUDIT_DEFAULT_LIMIT;
  if (given.user !== undefined) parsed.userId = given.user;
  if (given.userName !== undefined) parsed.userName = given.userName;
  if (given.breakGlass === true) parsed.breakGlass = true;
  if (given.unreviewed === true) parsed.unreviewed = true;
  return { ok: true, command: { kind: 'subcommand', name: subcommandName(spec), args: parsed } };
}

/** Of the subcommands sharing a first word, the one whose further words follow it (the longest match). */
function matchingSpec(group: readonly SubcommandSpec[], rest: readonly string[]): SubcommandSpec | undefined {
  const matches = group.filter((spec) =>
    spec.words.slice(1).every((word, index) => rest[index]?.toLowerCase() === word),
  );
  return matches.sort((a, b) => b.words.length - a.words.length)[0];
}

/**
 * What a refusal names for its audit entry: the subcommand when it is one, and the connector when
 * the word where its ID belongs is a valid one (the refusal then goes to that connector's chain).
 */
function refusalContext(
  subcommand: string | undefined,
  spec: SubcommandSpec | undefined,
  args: readonly string[],
): Omit<CommandError, 'message' | 'code'> {
  if (subcommand === undefined) return {};
  const position = spec?.args.findIndex((kind) => kind !== 'proxy-session') ?? -1;
  const candidate = position === -1 ? undefined : args[position];
  return candidate !== undefined && isVoiceConnectorId(candidate)
    ? { subcommand, voiceConnectorId: candidate }
    : { subcommand };
}

function describe(args: readonly ArgumentKind[]): string {
  return args.map((kind) => ARGUMENT_NOUN[kind]).join(' and ');
}

/**
 * The closest of `candidates` to what was typed, when close enough to be a typo (at most a third
 * of its letters wrong, and at most 3): `terminaton` → `termination`. Only the candidate is ever
 * shown, never what was typed.
 */
function suggest(typed: string, candidates: readonly string[]): { suggestion?: string } {
  const word = typed.toLowerCase();
  if (word.length === 0 || word.length > 40 || candidates.length === 0) return {};
  const nearest = closest(word, [...candidates]);
  const allowed = Math.min(3, Math.max(2, Math.floor(nearest.length / 3)));
  return distance(word, nearest) <= allowed ? { suggestion: nearest } : {};
}
