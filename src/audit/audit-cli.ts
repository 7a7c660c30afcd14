import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { connectorChainName } from './audit-chain';
import { AuditUnavailableError } from './audit-entry';
import { DynamoDbAuditLog } from './dynamodb-audit-log';

export const AUDIT_CLI_USAGE = `Usage: npm run --silent audit -- <command> [options]

Commands:
  export [--connector ID] [--since DATE]   Write audit entries to stdout as JSON Lines, chain by chain,
                                           each chain in sequence order, each line one stored entry in
                                           RFC 8785 canonical JSON. DATE: 2026-05-01 or 2026-05-01T12:00:00Z.
  verify [--connector ID]                  Recompute the hash chain of one connector, or of every chain,
                                           and print one line per chain.
  --help                                   Show this text.

Environment (the same as the bot's):
  AUDIT_TABLE                 audit table name (default chime-voice-ops-audit)
  AWS_REGION                  region of the table (default us-east-1)
  AWS_ENDPOINT_URL_DYNAMODB   another DynamoDB endpoint, e.g. http://127.0.0.1:8000 (optional)
  and the usual AWS credential variables or profile.

Exit status: 0 done (every chain intact), 1 a chain is broken, 2 bad usage or environment,
3 DynamoDB could not be read.`;

export const AuditCliExit = { Ok: 0, Broken: 1, Usage: 2, Unavailable: 3 } as const;

const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

/**
 * The CLI's configuration, from the same variables as the bot.
 *
 * @example
 * auditCliEnvironmentSchema.parse({ AUDIT_TABLE: 'chime-voice-ops-audit', AWS_REGION: 'eu-west-1' });
 */
export const auditCliEnvironmentSchema = z.object({
  AUDIT_TABLE: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name (3–255 letters, digits, _ . -)')
      .default('chime-voice-ops-audit'),
  ),
  AWS_REGION: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[a-z]{2}(?:-[a-z]+)+-\d+$/, 'must be an AWS Region such as us-east-1')
      .default('us-east-1'),
  ),
  AWS_ENDPOINT_URL_DYNAMODB: z.preprocess(
    emptyAsUnset,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  ),
});

const connectorIdSchema = z.string().regex(/^[^\s#]{1,128}$/, 'must be one voice connector ID');
const sinceSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'must be an ISO-8601 date (2026-05-01) or date-time (2026-05-01T12:00:00Z)',
});

export interface AuditCliIo {
  argv: string[];
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
}

/** Runs one CLI command and returns the exit status. Only results go to stdout; everything else to stderr. */
export async function runAuditCli(io: AuditCliIo): Promise<number> {
  const say = (line: string) => io.stderr.write(`${line}\n`);

  let parsed: ReturnType<typeof parseCommandLine>;
  try {
    parsed = parseCommandLine(io.argv);
  } catch (error) {
    say(`${error instanceof Error ? error.message : String(error)}\n\n${AUDIT_CLI_USAGE}`);
    return AuditCliExit.Usage;
  }
  if (parsed.command === 'help') {
    io.stdout.write(`${AUDIT_CLI_USAGE}\n`);
    return AuditCliExit.Ok;
  }

  const environment = auditCliEnvironmentSchema.safeParse(io.env);
  if (!environment.success) {
    for (const issue of environment.error.issues)
      say(`Invalid environment variable ${issue.path.join('.')}: ${issue.message}`);
    return AuditCliExit.Usage;
  }
  const { AUDIT_TABLE: tableName, AWS_REGION: region } = environment.data;

  // The SDK reads AWS_ENDPOINT_URL_DYNAMODB and the credentials itself; only the region is passed on.
  const client = new DynamoDBClient({ region });
  const auditLog = new DynamoDbAuditLog({ documentClient: DynamoDBDocumentClient.from(client), tableName });
  try {
    if (parsed.command === 'export') {
      let count = 0;
      for await (const record of auditLog.exportEntries({
        voiceConnectorId: parsed.connector,
        since: parsed.since,
      })) {
        await writeLine(io.stdout, canonicalize(record) ?? '{}');
        count += 1;
      }
      say(`Exported ${count} ${count === 1 ? 'entry' : 'entries'} from ${tableName} (${region}).`);
      return AuditCliExit.Ok;
    }

    const chains = parsed.connector ? [connectorChainName(parsed.connector)] : await auditLog.listChains();
    if (chains.length === 0) say(`No audit chains in ${tableName} (${region}).`);
    let broken = 0;
    for (const chain of chains) {
      const verdict = await auditLog.verifyChain(chain);
      if (!verdict.intact) broken += 1;
      await writeLine(io.stdout, `${chain}: ${verdict.summary}`);
    }
    if (broken > 0) say(`${broken} of ${chains.length} ${chains.length === 1 ? 'chain is' : 'chains are'} broken.`);
    return broken > 0 ? AuditCliExit.Broken : AuditCliExit.Ok;
  } catch (error) {
    if (!(error instanceof AuditUnavailableError)) throw error;
    say(`${error.message}: ${describeCause(error.cause, tableName, region)}`);
    return AuditCliExit.Unavailable;
  } finally {
    client.destroy();
  }
}

type CommandLine =
  | { command: 'help' }
  | { command: 'export'; connector?: string; since?: Date }
  | { command: 'verify'; connector?: string };

function parseCommandLine(argv: string[]): CommandLine {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      connector: { type: 'string' },
      since: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...extra] = positionals;
  if (values.help || command === 'help') return { command: 'help' };
  if (extra.length > 0) throw new Error(`Unexpected argument: ${extra.join(' ')}`);
  const connector =
    values.connector === undefined ? undefined : parseOption(connectorIdSchema, values.connector, '--connector');
  if (command === 'export') {
    const since = values.since === undefined ? undefined : new Date(parseOption(sinceSchema, values.since, '--since'));
    return { command, connector, since };
  }
  if (command === 'verify') {
    if (values.since !== undefined) throw new Error('--since applies to export only');
    return { command, connector };
  }
  throw new Error(command ? `Unknown command: ${command}` : 'Missing command');
}

function parseOption<T>(schema: z.ZodType<T>, value: string, option: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Error(`${option} ${result.error.issues[0]?.message ?? 'is invalid'}`);
  return result.data;
}

async function writeLine(stream: Writable, line: string): Promise<void> {
  if (!stream.write(`${line}\n`)) await once(stream, 'drain');
}

function describeCause(cause: unknown, tableName: string, region: string): string {
  if (!(cause instanceof Error)) return String(cause);
  if (cause.name === 'ResourceNotFoundException') return `table ${tableName} not found in ${region}`;
  return `${cause.name}: ${cause.message}`;
}
