import { describe, expect, it } from 'vitest';
import { CHIME_REGIONS } from '../../../src/chime/regions';
import {
  AUDIT_DEFAULT_LIMIT,
  AUDIT_MAX_LIMIT,
  type CommandError,
  parseCommand as parseWithSubcommands,
} from '../../../src/handlers/command/command-grammar';
import type { ParsedArguments } from '../../../src/operations/operation';
import { REGISTRY } from '../../../src/operations/registry';

const CONNECTOR = 'abcdef1234567890abcdef';
const SHORT_CONNECTOR = 'abcdef1234567890abcde';
const UUID_CONNECTOR = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

/** The grammar over the bot's own subcommands (the registry's). */
function parseCommand(text: string, defaultRegion: Parameters<typeof parseWithSubcommands>[1]) {
  return parseWithSubcommands(text, defaultRegion, REGISTRY.subcommands);
}

/** What a command parsed to; a subcommand as its name and arguments side by side. */
function parsed(text: string): { kind: 'menu' | 'help' } | ({ subcommand: string } & ParsedArguments) {
  const result = parseCommand(text, 'us-east-1');
  if (!result.ok) throw new Error(`expected "${text}" to parse, got: ${result.error.message}`);
  const { command } = result;
  return command.kind === 'subcommand' ? { subcommand: command.name, ...command.args } : command;
}

function refused(text: string): CommandError {
  const result = parseCommand(text, 'us-east-1');
  if (result.ok) throw new Error(`expected "${text}" to be refused, got ${JSON.stringify(result.command)}`);
  return result.error;
}

describe('parseCommand: the subcommands', () => {
  it('opens the menu for an empty command, in the default region', () => {
    // Act
    const command = parseCommand('   ', 'eu-west-2');

    // Assess
    expect(command).toEqual({ ok: true, command: { kind: 'menu', region: 'eu-west-2' } });
  });

  it('opens the menu in the region given with --region', () => {
    // Act
    const command = parsed('--region ap-southeast-2');

    // Assess
    expect(command).toEqual({ kind: 'menu', region: 'ap-southeast-2' });
  });

  it('shows help', () => {
    // Act
    const command = parsed('help');

    // Assess
    expect(command).toEqual({ kind: 'help' });
  });

  it.each([
    [
      'the termination of a connector',
      `termination ${CONNECTOR}`,
      { subcommand: 'termination', voiceConnectorId: CONNECTOR, region: 'us-east-1', share: false },
    ],
    [
      'the proxy settings of a connector',
      `proxy ${UUID_CONNECTOR}`,
      { subcommand: 'proxy', voiceConnectorId: UUID_CONNECTOR, region: 'us-east-1', share: false },
    ],
    [
      'a proxy session',
      `session ${CONNECTOR} session-1`,
      {
        subcommand: 'session',
        voiceConnectorId: CONNECTOR,
        proxySessionId: 'session-1',
        region: 'us-east-1',
        share: false,
      },
    ],
    [
      'recent audit entries of the workspace with the default limit',
      'audit',
      { subcommand: 'audit', region: 'us-east-1', limit: AUDIT_DEFAULT_LIMIT, share: false },
    ],
    [
      'the audit entries of one connector by one person, shared, with a limit',
      `audit ${CONNECTOR} --limit 25 --user <@U0ALICE|alice> --share`,
      {
        subcommand: 'audit',
        region: 'us-east-1',
        voiceConnectorId: CONNECTOR,
        userId: 'U0ALICE',
        limit: 25,
        share: true,
      },
    ],
    [
      'the audit chain of a connector to verify',
      `audit verify ${CONNECTOR}`,
      { subcommand: 'audit verify', voiceConnectorId: CONNECTOR, region: 'us-east-1', share: false },
    ],
  ])('reads %s', (_what, text, expected) => {
    // Act
    const command = parsed(text);

    // Assess
    expect(command).toEqual(expected);
  });

  it.each(['origination', 'credentials'] as const)('opens the %s change form', (change) => {
    // Act
    const command = parsed(`${change} ${CONNECTOR} --region ca-central-1`);

    // Assess
    expect(command).toEqual({ subcommand: change, voiceConnectorId: CONNECTOR, region: 'ca-central-1', share: false });
  });

  it('reads subcommands without regard to case, and tolerates extra spaces', () => {
    // Act
    const command = parsed(`  Termination   ${CONNECTOR}  `);

    // Assess
    expect(command).toMatchObject({ subcommand: 'termination', voiceConnectorId: CONNECTOR });
  });
});

describe('parseCommand: options', () => {
  it.each([`termination ${CONNECTOR} --region eu-central-1`, `termination ${CONNECTOR} --region=eu-central-1`])(
    'reads the region from "%s"',
    (text) => {
      // Act
      const command = parsed(text);

      // Assess
      expect(command).toMatchObject({ region: 'eu-central-1' });
    },
  );

  it('reads options before the subcommand too', () => {
    // Act
    const command = parsed(`--share --region eu-west-1 proxy ${CONNECTOR}`);

    // Assess
    expect(command).toMatchObject({ subcommand: 'proxy', region: 'eu-west-1', share: true });
  });

  it.each(CHIME_REGIONS)('accepts --region %s', (region) => {
    // Act
    const command = parsed(`termination ${CONNECTOR} --region ${region}`);

    // Assess
    expect(command).toMatchObject({ region });
  });

  it('refuses a region where Chime SDK Voice does not run, naming the ten that exist and the closest', () => {
    // Act
    const error = refused(`termination ${CONNECTOR} --region us-east-2`);

    // Assess
    expect(error.message).toBe(
      'That is not a region where Chime SDK Voice runs. Use one of: us-east-1, us-west-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2, ap-northeast-2, ap-northeast-1, ap-southeast-1, ap-southeast-2.',
    );
    expect(error.suggestion).toBe('us-east-1');
  });

  it.each([`termination ${CONNECTOR} --region`, `termination ${CONNECTOR} --region --share`])(
    'asks for the region in "%s"',
    (text) => {
      // Act
      const error = refused(text);

      // Assess
      expect(error.message).toBe('`--region` needs a region, e.g. `--region eu-west-2`.');
    },
  );

  it('refuses an empty --region=', () => {
    // Act
    const error = refused(`termination ${CONNECTOR} --region=`);

    // Assess
    expect(error.message).toBe('`--region` needs a region, e.g. `--region eu-west-2`.');
  });

  it.each(['termination', 'proxy'])('shares a %s card in the channel with --share', (subcommand) => {
    // Act
    const command = parsed(`${subcommand} ${CONNECTOR} --share`);

    // Assess
    expect(command).toMatchObject({ subcommand, share: true });
  });

  it('shares a proxy session with --share', () => {
    // Act
    const command = parsed(`session ${CONNECTOR} session-1 --share`);

    // Assess
    expect(command).toMatchObject({ subcommand: 'session', share: true });
  });

  it('refuses a value for --share', () => {
    // Act
    const error = refused(`termination ${CONNECTOR} --share=yes`);

    // Assess
    expect(error.message).toBe('`--share` takes no value.');
  });

  it.each([
    ['1', 1],
    [String(AUDIT_MAX_LIMIT), AUDIT_MAX_LIMIT],
  ])('accepts --limit %s', (text, expected) => {
    // Act
    const both = [parsed(`audit --limit ${text}`), parsed(`audit --limit=${text}`)];

    // Assess
    expect(both).toEqual([
      expect.objectContaining({ subcommand: 'audit', limit: expected }),
      expect.objectContaining({ subcommand: 'audit', limit: expected }),
    ]);
  });

  it.each(['0', String(AUDIT_MAX_LIMIT + 1), '-1', '2.5', 'ten', '1e1', ''])('refuses --limit "%s"', (value) => {
    // Act
    const error = refused(`audit --limit ${value}`);

    // Assess
    expect(error.message).toBe(`\`--limit\` needs a whole number from 1 to ${AUDIT_MAX_LIMIT}.`);
  });

  it.each(['<@U0ALICE|alice>', '<@U0ALICE>', '@U0ALICE', 'U0ALICE'])('reads the person from --user %s', (reference) => {
    // Act
    const command = parsed(`audit --user ${reference}`);

    // Assess
    expect(command).toMatchObject({ subcommand: 'audit', userId: 'U0ALICE' });
  });

  it('reads an Enterprise Grid user (W…) from --user', () => {
    // Act
    const command = parsed('audit --user=<@W0GRID>');

    // Assess
    expect(command).toMatchObject({ userId: 'W0GRID' });
  });

  it.each([
    ['@alice', 'alice'],
    ['alice', 'alice'],
    ['@alice.smith', 'alice.smith'],
    ['@Zoé', 'Zoé'],
  ])('keeps a name typed by hand, --user %s, for the worker to look up', (typed, userName) => {
    // Act
    const command = parsed(`audit --user ${typed}`);

    // Assess
    expect(command).toMatchObject({ subcommand: 'audit', userName });
    expect(command).not.toHaveProperty('userId');
  });

  it.each(['<#C0CHANNEL|general>', '<@U0ALICE', '', '@', '@@alice', 'hunter2!'])('refuses --user "%s"', (reference) => {
    // Act
    const error = refused(`audit --user ${reference}`);

    // Assess
    expect(error).toMatchObject({
      code: 'bad-user',
      message: '`--user` needs a person: a mention, their name or their user ID, e.g. `--user @alice`.',
    });
  });

  it('refuses an unknown option, naming the options and not what was typed', () => {
    // Act
    const error = refused(`termination ${CONNECTOR} --verbose`);

    // Assess
    expect(error.message).toBe(
      'Unknown option. The options are `--region`, `--share`, `--limit`, `--user`, `--break-glass`, `--unreviewed`.',
    );
    expect(error.suggestion).toBeUndefined();
  });

  it('suggests the option a typo was close to', () => {
    // Act
    const error = refused(`termination ${CONNECTOR} --regoin eu-west-2`);

    // Assess
    expect(error).toMatchObject({ code: 'unknown-option', suggestion: '--region' });
  });
});

describe('parseCommand: refusals', () => {
  it.each([
    ['terminaton', 'termination'],
    ['terminate', 'termination'],
    ['Proxxy', 'proxy'],
    ['credential', 'credentials'],
    ['hlep', 'help'],
  ])('refuses the unknown subcommand %s, suggesting %s', (typed, suggestion) => {
    // Act
    const error = refused(`${typed} ${CONNECTOR}`);

    // Assess
    expect(error).toEqual({ message: 'Unknown subcommand.', code: 'unknown-subcommand', suggestion });
  });

  it.each(['x'.repeat(500), 'hunter2-is-my-password', 'zz'])(
    'suggests nothing for a word close to no subcommand, and never quotes it: %s',
    (typed) => {
      // Act
      const error = refused(typed);

      // Assess
      expect(error).toEqual({ message: 'Unknown subcommand.', code: 'unknown-subcommand' });
    },
  );

  it.each(['termination', 'proxy', 'session', 'origination', 'credentials'])(
    'asks for the voice connector ID of %s',
    (subcommand) => {
      // Act
      const error = refused(subcommand);

      // Assess
      expect(error).toMatchObject({
        message: `\`${subcommand}\` needs a voice connector ID.`,
        code: 'missing-connector-id',
        subcommand,
      });
      expect(error.usage).toMatch(new RegExp(`^${subcommand} <voice-connector-id>`));
    },
  );

  it.each([
    ['20 characters', 'abcdef1234567890abcd'],
    ['23 characters', 'abcdef1234567890abcdefg'],
    ['upper case', 'ABCDEF1234567890ABCDEF'],
    ['a hyphen', 'abcdef1234-567890abcde'],
    ['an upper-case UUID', '0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D'],
    ['a UUID without hyphens', '0a1b2c3d4e5f4a6b8c7d9e0f1a2b3c4d'],
    ['a UUID with a letter beyond f', '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4g'],
    ['a valid ID inside a longer word', `x${CONNECTOR}`],
  ])('refuses a voice connector ID with %s', (_case, id) => {
    // Act
    const error = refused(`termination ${id}`);

    // Assess
    expect(error).toEqual({
      message: 'That is not a voice connector ID: it is 21–22 lower-case letters and digits, or a UUID.',
      code: 'bad-connector-id',
      subcommand: 'termination',
      usage: 'termination <voice-connector-id>',
    });
  });

  it.each([
    ['21 characters', SHORT_CONNECTOR],
    ['22 characters', CONNECTOR],
    ['a UUID', UUID_CONNECTOR],
  ])('accepts a voice connector ID of %s', (_case, id) => {
    // Act
    const command = parsed(`termination ${id}`);

    // Assess
    expect(command).toMatchObject({ voiceConnectorId: id });
  });

  it('asks for the proxy session ID, keeping the connector for the audit entry', () => {
    // Act
    const error = refused(`session ${CONNECTOR}`);

    // Assess
    expect(error).toMatchObject({
      message: '`session` needs a voice connector ID and a proxy session ID.',
      code: 'missing-proxy-session-id',
      subcommand: 'session',
      voiceConnectorId: CONNECTOR,
    });
  });

  it('refuses a proxy session ID longer than 128 characters', () => {
    // Act
    const error = refused(`session ${CONNECTOR} ${'s'.repeat(129)}`);

    // Assess
    expect(error).toMatchObject({ subcommand: 'session', voiceConnectorId: CONNECTOR, code: 'bad-proxy-session-id' });
    expect(error.message).toBe('That is not a proxy session ID: it is 1–128 characters, not only spaces or dots.');
  });

  it.each(['.', '..', '...'])(
    'refuses the proxy session ID %s, which would become a dot-segment of the request path',
    (id) => {
      // Act
      const error = refused(`session ${CONNECTOR} ${id}`);

      // Assess
      expect(error).toMatchObject({ code: 'bad-proxy-session-id', voiceConnectorId: CONNECTOR });
    },
  );

  it('accepts a proxy session ID with dots among other characters', () => {
    // Act
    const command = parsed(`session ${CONNECTOR} a.b..c`);

    // Assess
    expect(command).toMatchObject({ proxySessionId: 'a.b..c' });
  });

  it.each([
    [
      `termination ${CONNECTOR} extra`,
      'termination',
      '`termination` takes only a voice connector ID; remove what follows.',
    ],
    [`proxy ${CONNECTOR} a b`, 'proxy', '`proxy` takes only a voice connector ID; remove what follows.'],
    [
      `session ${CONNECTOR} session-1 more`,
      'session',
      '`session` takes only a voice connector ID and a proxy session ID; remove what follows.',
    ],
    [
      `origination ${CONNECTOR} now`,
      'origination',
      '`origination` takes only a voice connector ID; remove what follows.',
    ],
    [
      `credentials ${CONNECTOR} now`,
      'credentials',
      '`credentials` takes only a voice connector ID; remove what follows.',
    ],
    [`audit ${CONNECTOR} more`, 'audit', '`audit` takes only a voice connector ID; remove what follows.'],
    [`audit verify ${CONNECTOR} more`, 'audit', '`audit verify` takes only a voice connector ID; remove what follows.'],
  ])('refuses extra arguments without quoting them: "%s"', (text, subcommand, message) => {
    // Act
    const error = refused(text);

    // Assess
    expect(error).toMatchObject({ message, code: 'unexpected-arguments', subcommand, voiceConnectorId: CONNECTOR });
  });

  it('refuses extra arguments after help', () => {
    // Act
    const error = refused('help me');

    // Assess
    expect(error).toEqual({
      message: '`help` takes nothing after it.',
      code: 'unexpected-arguments',
      subcommand: 'help',
    });
  });

  it('asks for a connector after audit verify', () => {
    // Act
    const error = refused('audit verify');

    // Assess
    expect(error).toMatchObject({
      message: '`audit` needs a voice connector ID.',
      code: 'missing-connector-id',
      subcommand: 'audit',
    });
  });

  it.each([
    [`origination ${CONNECTOR} --share`, '`--share` does not apply to `origination`.'],
    [`credentials ${CONNECTOR} --share`, '`--share` does not apply to `credentials`.'],
    ['help --share', '`--share` does not apply to `help`.'],
    [`termination ${CONNECTOR} --limit 5`, '`--limit` does not apply to `termination`.'],
    [`proxy ${CONNECTOR} --user U0ALICE`, '`--user` does not apply to `proxy`.'],
    [`audit verify ${CONNECTOR} --limit 5`, '`audit verify` takes only a voice connector ID.'],
    [`audit verify ${CONNECTOR} --share`, '`audit verify` takes only a voice connector ID.'],
  ])('refuses an option on the wrong subcommand: "%s"', (text, message) => {
    // Act
    const error = refused(text);

    // Assess
    expect(error).toMatchObject({ message, code: 'misplaced-option' });
  });

  it('refuses options without a subcommand', () => {
    // Act
    const error = refused('--share');

    // Assess
    expect(error).toEqual({ message: 'Options need a subcommand.', code: 'misplaced-option' });
  });
});

describe('parseCommand: what a refusal carries for the audit entry', () => {
  it.each([
    [`termination ${CONNECTOR} --region mars-1`, 'termination'],
    [`termination ${CONNECTOR} --region`, 'termination'],
    [`proxy ${CONNECTOR} --verbose`, 'proxy'],
    [`termination ${CONNECTOR} --share=1`, 'termination'],
    [`audit ${CONNECTOR} --limit 0`, 'audit'],
    [`audit ${CONNECTOR} --user <#C0NOBODY>`, 'audit'],
    [`audit verify ${CONNECTOR} --limit 3`, 'audit'],
    [`origination ${CONNECTOR} --share`, 'origination'],
    [`credentials ${CONNECTOR} --region=eu-north-1`, 'credentials'],
    [`session ${CONNECTOR} session-1 --limit 2`, 'session'],
  ])('names the subcommand and the valid connector of "%s"', (text, subcommand) => {
    // Act
    const error = refused(text);

    // Assess
    expect(error).toMatchObject({ subcommand, voiceConnectorId: CONNECTOR });
  });

  it('names no connector when the ID is malformed', () => {
    // Act
    const error = refused('termination not-a-connector --region mars-1');

    // Assess
    expect(error).toEqual(expect.objectContaining({ subcommand: 'termination' }));
    expect(error.voiceConnectorId).toBeUndefined();
  });

  it('names neither for an unknown subcommand', () => {
    // Act
    const error = refused(`terminate ${CONNECTOR} --region mars-1`);

    // Assess
    expect(error.subcommand).toBeUndefined();
    expect(error.voiceConnectorId).toBeUndefined();
  });
});

describe('parseCommand: subcommands of two words', () => {
  it('opens a change form with `change <kind>`, the kind in any case', () => {
    // Act and assess
    expect(parsed(`change Termination ${CONNECTOR}`)).toEqual({
      subcommand: 'change termination',
      voiceConnectorId: CONNECTOR,
      region: 'us-east-1',
      share: false,
    });
    expect(parsed(`change origination ${CONNECTOR}`)).toMatchObject({ subcommand: 'change origination' });
  });

  it('says which kinds `change` takes when none or an unknown one is given', () => {
    // Act
    const errors = [refused('change'), refused(`change routing ${CONNECTOR}`)];

    // Assess
    for (const error of errors) {
      expect(error).toEqual({
        message: '`change` needs one of: origination, credentials, termination.',
        code: 'unknown-subcommand',
        subcommand: 'change',
      });
    }
  });
});
