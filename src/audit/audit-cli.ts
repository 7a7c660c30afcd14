import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { type AuditSettings, createAuditCliServices } from '../composition-root';
import type { Logger } from '../logging/logger';
import { connectorChainName } from './audit-chain';
import type { AuditCheckpoints } from './audit-checkpoints';
import { AuditUnavailableError } from './audit-entry';
import { readCheckpointArchive } from './checkpoint-archive';
import type { DynamoDbAuditLog } from './dynamodb-audit-log';
import { verifyOfflineDirectory } from './offline-verification';

export const AUDIT_CLI_USAGE = `Usage: npm run --silent audit -- <command> [options]

Commands:
  export [--connector ID] [--since DATE]   Write audit entries to stdout as JSON Lines, chain by chain,
                                           each chain in sequence order, each line one stored entry in
                                           RFC 8785 canonical JSON. DATE: 2026-05-01 or 2026-05-01T12:00:00Z.
  export --with-checkpoints DIR            Write DIR/export.jsonl (every chain), DIR/checkpoints/*.json
                                           (every signed checkpoint) and DIR/public-key.pem: what
                                           verify --offline needs, for an auditor.
  verify [--connector ID]                  Recompute the hash chain of one connector, or of every chain,
                                           compare it with the signed checkpoints, and print one line
                                           per chain.
  verify --offline DIR                     Check DIR (export.jsonl, checkpoints/*.json, public-key.pem)
                                           with nothing else: no AWS access, no credentials.
  --help                                   Show this text.

Environment (the same as the bot's):
  AUDIT_TABLE                 audit table name (default chime-voice-ops-audit)
  AUDIT_SEQUENCE_TABLE        its counters (default <AUDIT_TABLE>-sequence)
  AUDIT_CHECKPOINT_BUCKET     S3 bucket of the signed checkpoints, with AUDIT_SIGNING_KEY_ID (the KMS key)
  AUDIT_CHECKPOINT_DIR        or the sandbox's directory of checkpoints
  AWS_REGION                  region of the table (default us-east-1)
  AWS_ENDPOINT_URL_DYNAMODB   another DynamoDB endpoint, e.g. http://127.0.0.1:8000 (optional; also _S3, _KMS)
  and the usual AWS credential variables or profile.

Exit status: 0 done (every chain intact), 1 a chain is broken, 2 bad usage or environment,
3 DynamoDB (or the checkpoints) could not be read.`;

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
  AUDIT_SEQUENCE_TABLE: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name (3–255 letters, digits, _ . -)')
      .optional(),
  ),
  AUDIT_CHECKPOINT_BUCKET: z.preprocess(
    emptyAsUnset,
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
      .optional(),
  ),
  AUDIT_SIGNING_KEY_ID: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
  AUDIT_CHECKPOINT_DIR: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
  AWS_ENDPOINT_URL_S3: z.preprocess(
    emptyAsUnset,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  ),
  AWS_ENDPOINT_URL: z.preprocess(emptyAsUnset, z.string().optional()),
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

  if (parsed.command === 'verify' && parsed.offline !== undefined) {
    const offline = await verifyOfflineDirectory(parsed.offline);
    for (const line of offline.lines) await writeLine(io.stdout, line);
    for (const problem of offline.problems) say(`Problem: ${problem}`);
    say(
      `Checked ${offline.lines.length} ${offline.lines.length === 1 ? 'chain' : 'chains'} against ` +
        `${offline.checkpoints} signed ${offline.checkpoints === 1 ? 'checkpoint' : 'checkpoints'} in ${parsed.offline}.`,
    );
    if (offline.brokenChains > 0) say(`${offline.brokenChains} of ${offline.lines.length} chains are broken.`);
    return offline.brokenChains > 0 || offline.problems.length > 0 ? AuditCliExit.Broken : AuditCliExit.Ok;
  }

  const environment = auditCliEnvironmentSchema.safeParse(io.env);
  if (!environment.success) {
    for (const issue of environment.error.issues)
      say(`Invalid environment variable ${issue.path.join('.')}: ${issue.message}`);
    return AuditCliExit.Usage;
  }
  const env = environment.data;
  const { AUDIT_TABLE: tableName, AWS_REGION: region } = env;
  if ((env.AUDIT_CHECKPOINT_BUCKET === undefined) !== (env.AUDIT_SIGNING_KEY_ID === undefined)) {
    say('Invalid environment: AUDIT_CHECKPOINT_BUCKET and AUDIT_SIGNING_KEY_ID go together');
    return AuditCliExit.Usage;
  }
  const settings: AuditSettings = {
    awsRegion: region,
    auditTable: tableName,
    auditSequenceTable: env.AUDIT_SEQUENCE_TABLE ?? `${tableName}-sequence`,
    auditCheckpoints:
      env.AUDIT_CHECKPOINT_BUCKET !== undefined && env.AUDIT_SIGNING_KEY_ID !== undefined
        ? { kind: 's3', bucket: env.AUDIT_CHECKPOINT_BUCKET, signingKeyId: env.AUDIT_SIGNING_KEY_ID }
        : env.AUDIT_CHECKPOINT_DIR !== undefined
          ? { kind: 'directory', directory: env.AUDIT_CHECKPOINT_DIR }
          : undefined,
    auditStreamQueueUrl: undefined,
    s3ForcePathStyle: env.AWS_ENDPOINT_URL_S3 !== undefined || env.AWS_ENDPOINT_URL !== undefined,
  };
  if (parsed.command === 'export' && parsed.withCheckpoints !== undefined && settings.auditCheckpoints === undefined) {
    say(
      'export --with-checkpoints needs the checkpoints: set AUDIT_CHECKPOINT_BUCKET and AUDIT_SIGNING_KEY_ID, or AUDIT_CHECKPOINT_DIR',
    );
    return AuditCliExit.Usage;
  }

  const { auditLog, checkpoints, close } = createAuditCliServices(settings, silentLogger);
  try {
    if (parsed.command === 'export' && parsed.withCheckpoints !== undefined) {
      const directory = parsed.withCheckpoints;
      const written = await exportWithCheckpoints(auditLog, checkpoints as AuditCheckpoints, directory);
      say(
        `Exported ${written.entries} ${written.entries === 1 ? 'record' : 'records'} and ${written.checkpoints} ` +
          `signed ${written.checkpoints === 1 ? 'checkpoint' : 'checkpoints'} to ${directory} ` +
          `(check it with: npm run --silent audit -- verify --offline ${directory}).`,
      );
      return AuditCliExit.Ok;
    }
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

    // Every checkpoint, read from the store and checked with the public key: the index rows in the
    // table only help the bot find them quickly, and someone with table access could delete those.
    const archive = checkpoints
      ? await readCheckpointArchive(checkpoints.store, await checkpoints.publicKeyPem())
      : undefined;
    const listed = parsed.connector ? [connectorChainName(parsed.connector)] : await auditLog.listChains();
    const named = parsed.connector ? [] : [...(archive?.vouchersByChain.keys() ?? [])];
    const chains = [...new Set([...listed, ...named])].sort();
    if (chains.length === 0) say(`No audit chains in ${tableName} (${region}).`);
    let broken = 0;
    for (const chain of chains) {
      const verdict = await auditLog.verifyChain(
        chain,
        archive ? { checkpoints: archive.vouchersByChain.get(chain) ?? [] } : {},
      );
      if (!verdict.intact) broken += 1;
      await writeLine(io.stdout, `${chain}: ${verdict.summary}`);
    }
    for (const problem of archive?.problems ?? []) say(`Problem with the checkpoints: ${problem}`);
    if (archive) say(`Compared with ${archive.checkpoints.length} signed checkpoints in ${checkpoints?.location}.`);
    if (broken > 0) say(`${broken} of ${chains.length} ${chains.length === 1 ? 'chain is' : 'chains are'} broken.`);
    return broken > 0 || (archive?.problems.length ?? 0) > 0 ? AuditCliExit.Broken : AuditCliExit.Ok;
  } catch (error) {
    if (!(error instanceof AuditUnavailableError)) {
      if (
        error instanceof Error &&
        /checkpoint|S3|KMS|NoSuchBucket|AccessDenied/i.test(`${error.name} ${error.message}`)
      ) {
        say(`The checkpoints could not be read: ${error.name}: ${error.message}`);
        return AuditCliExit.Unavailable;
      }
      throw error;
    }
    say(`${error.message}: ${describeCause(error.cause, tableName, region)}`);
    return AuditCliExit.Unavailable;
  } finally {
    close();
  }
}

/** `export --with-checkpoints <dir>`: the layout `verify --offline` reads. */
async function exportWithCheckpoints(
  auditLog: DynamoDbAuditLog,
  checkpoints: AuditCheckpoints,
  directory: string,
): Promise<{ entries: number; checkpoints: number }> {
  await mkdir(join(directory, 'checkpoints'), { recursive: true });
  let entries = 0;
  const output = createWriteStream(join(directory, 'export.jsonl'));
  try {
    for await (const record of auditLog.exportEntries()) {
      await writeLine(output, canonicalize(record) ?? '{}');
      entries += 1;
    }
  } finally {
    await new Promise<void>((resolve, reject) =>
      output.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
  const keys = await checkpoints.store.list();
  for (const key of keys) {
    const bytes = await checkpoints.store.read(key);
    if (bytes !== undefined) await writeFile(join(directory, key), bytes);
  }
  await writeFile(join(directory, 'public-key.pem'), await checkpoints.publicKeyPem());
  return { entries, checkpoints: keys.length };
}

const silentLogger = { info: () => undefined, error: () => undefined } as unknown as Logger;

type CommandLine =
  | { command: 'help' }
  | { command: 'export'; connector?: string; since?: Date; withCheckpoints?: string }
  | { command: 'verify'; connector?: string; offline?: string };

function parseCommandLine(argv: string[]): CommandLine {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      connector: { type: 'string' },
      since: { type: 'string' },
      'with-checkpoints': { type: 'string' },
      offline: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...extra] = positionals;
  if (values.help || command === 'help') return { command: 'help' };
  if (extra.length > 0) throw new Error(`Unexpected argument: ${extra.join(' ')}`);
  const connector =
    values.connector === undefined ? undefined : parseOption(connectorIdSchema, values.connector, '--connector');
  if (command === 'export') {
    if (values.offline !== undefined) throw new Error('--offline applies to verify only');
    const since = values.since === undefined ? undefined : new Date(parseOption(sinceSchema, values.since, '--since'));
    const withCheckpoints = values['with-checkpoints'];
    if (withCheckpoints !== undefined && (since !== undefined || connector !== undefined)) {
      throw new Error('--with-checkpoints exports every chain whole: it takes neither --connector nor --since');
    }
    return { command, connector, since, withCheckpoints };
  }
  if (command === 'verify') {
    if (values.since !== undefined) throw new Error('--since applies to export only');
    if (values['with-checkpoints'] !== undefined) throw new Error('--with-checkpoints applies to export only');
    if (values.offline !== undefined && connector !== undefined) {
      throw new Error('--offline checks every chain of the directory: it takes no --connector');
    }
    return { command, connector, offline: values.offline };
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
