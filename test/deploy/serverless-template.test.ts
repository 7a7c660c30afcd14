import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LAMBDA_NODE_MAJOR } from '../../scripts/build';
import { auditSequenceTableDefinition } from '../../src/audit/audit-sequence';
import { auditTableDefinition } from '../../src/audit/audit-table';
import { changesTableDefinition } from '../../src/changes/dynamodb-change-request-store';
import { driftTableDefinition } from '../../src/drift/dynamodb-drift-store';
import { JOB_MAX_ATTEMPTS } from '../../src/lambda/handlers';
import { REGISTRY } from '../../src/operations/registry';

/**
 * `npm run package` (esbuild, then `osls package`, offline and without AWS credentials), and what
 * an operator or a security review reads in the CloudFormation template it writes.
 */

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const TEMPLATE = join(PROJECT_ROOT, '.serverless', 'cloudformation-template-update-stack.json');
const ARTIFACT = join(PROJECT_ROOT, '.serverless', 'chime-voice-ops.zip');

/** The Chime SDK Voice actions each function calls, as the operations declare them (`registry.ts`). */
const chime = (actions: readonly string[]) => actions.map((action) => `chime:${action}`);
const CHIME_ACTIONS_THE_BOT_CALLS = chime(REGISTRY.chimeActions.worker);
const AUDIT_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'];
const CHANGES_TABLE_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:UpdateItem',
];

const ResourceSchema = z.object({
  Type: z.string(),
  Properties: z.record(z.string(), z.unknown()).default({}),
});
type Resource = z.infer<typeof ResourceSchema>;
const TemplateSchema = z.object({ Resources: z.record(z.string(), ResourceSchema) });
type Template = z.infer<typeof TemplateSchema>;

const StatementSchema = z.object({
  Sid: z.string().optional(),
  Effect: z.enum(['Allow', 'Deny']),
  Action: z.union([z.string(), z.array(z.string())]).optional(),
  NotAction: z.unknown().optional(),
  Resource: z.unknown().optional(),
  Condition: z.unknown().optional(),
});
type Statement = z.infer<typeof StatementSchema>;
const PolicyDocumentSchema = z.object({ Statement: z.array(StatementSchema) });
const RolePropertiesSchema = z.object({
  Policies: z.array(z.object({ PolicyName: z.string(), PolicyDocument: PolicyDocumentSchema })).default([]),
  ManagedPolicyArns: z.array(z.unknown()).optional(),
});

const TablePropertiesSchema = z.object({
  TableName: z.string(),
  BillingMode: z.string(),
  AttributeDefinitions: z.array(z.object({ AttributeName: z.string(), AttributeType: z.string() })),
  KeySchema: z.array(z.object({ AttributeName: z.string(), KeyType: z.string() })),
  GlobalSecondaryIndexes: z.array(z.unknown()).default([]),
  PointInTimeRecoverySpecification: z.object({ PointInTimeRecoveryEnabled: z.boolean() }).optional(),
  SSESpecification: z.object({ SSEEnabled: z.boolean() }).optional(),
  DeletionProtectionEnabled: z.boolean().optional(),
  TimeToLiveSpecification: z.object({ AttributeName: z.string(), Enabled: z.boolean() }).optional(),
});

const FunctionPropertiesSchema = z.object({
  FunctionName: z.string(),
  Handler: z.string(),
  Runtime: z.string(),
  Timeout: z.number(),
  Role: z.unknown(),
  Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }).default({ Variables: {} }),
});

interface PolicyStatement {
  /** Logical ID of the resource holding the policy. */
  holder: string;
  holderType: string;
  statement: Statement;
}

function actionsOf(statement: Statement): string[] {
  if (statement.Action === undefined) return [];
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Every policy statement in the template: IAM roles and policies, and resource policies (keys, buckets, queues). */
function policyStatements(template: Template): PolicyStatement[] {
  const found: PolicyStatement[] = [];
  for (const [holder, resource] of Object.entries(template.Resources)) {
    const documents: unknown[] = [];
    if (resource.Type === 'AWS::IAM::Role') {
      documents.push(
        ...RolePropertiesSchema.parse(resource.Properties).Policies.map((policy) => policy.PolicyDocument),
      );
      documents.push((resource.Properties as { AssumeRolePolicyDocument?: unknown }).AssumeRolePolicyDocument);
    }
    if (
      ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy'].includes(
        resource.Type,
      )
    ) {
      documents.push(resource.Properties.PolicyDocument);
    }
    if (resource.Type === 'AWS::KMS::Key') documents.push(resource.Properties.KeyPolicy);
    for (const document of documents) {
      if (document === undefined) continue;
      for (const statement of PolicyDocumentSchema.parse(document).Statement) {
        found.push({ holder, holderType: resource.Type, statement });
      }
    }
  }
  return found;
}

/** Whether a statement's `Resource` names the given logical resource (`Fn::GetAtt`, `Ref` or `Fn::Sub`). */
function targets(statement: Statement, logicalId: string): boolean {
  return new RegExp(`"${logicalId}"|\\$\\{${logicalId}[.}]`).test(JSON.stringify(statement.Resource ?? null));
}

function resourcesOfType(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}

function resource(template: Template, logicalId: string): Resource {
  const found = template.Resources[logicalId];
  if (found === undefined) throw new Error(`the template has no ${logicalId}`);
  return found;
}

function functionNamed(template: Template, suffix: 'slack' | 'worker' | 'sweep' | 'drift') {
  const [logicalId, lambda] =
    resourcesOfType(template, 'AWS::Lambda::Function').find(([, candidate]) =>
      String(candidate.Properties.FunctionName).endsWith(`-${suffix}`),
    ) ?? [];
  if (logicalId === undefined || lambda === undefined) throw new Error(`no ${suffix} function in the template`);
  return { logicalId, properties: FunctionPropertiesSchema.parse(lambda.Properties) };
}

/** The statements of the role a function runs with. */
function roleStatements(template: Template, suffix: 'slack' | 'worker' | 'sweep' | 'drift'): Statement[] {
  const role = z
    .object({ 'Fn::GetAtt': z.tuple([z.string(), z.literal('Arn')]) })
    .parse(functionNamed(template, suffix).properties.Role);
  const properties = RolePropertiesSchema.parse(resource(template, role['Fn::GetAtt'][0]).Properties);
  expect(properties.ManagedPolicyArns ?? []).toEqual([]);
  return properties.Policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

/** Key schema, attributes and indexes, order-independent where DynamoDB does not care about order. */
function tableShape(
  definition: Pick<CreateTableCommandInput, 'AttributeDefinitions' | 'KeySchema' | 'GlobalSecondaryIndexes'>,
) {
  const byName = <T extends { AttributeName?: string; IndexName?: string }>(items: T[] | undefined) =>
    [...(items ?? [])].sort((a, b) =>
      String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)),
    );
  return {
    KeySchema: definition.KeySchema,
    AttributeDefinitions: byName(definition.AttributeDefinitions),
    GlobalSecondaryIndexes: byName(definition.GlobalSecondaryIndexes as { IndexName?: string }[] | undefined),
  };
}

/** Names of the files in a zip archive, from its central directory. */
function zipEntryNames(archive: Buffer): string[] {
  const endOfDirectory = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfDirectory < 0) throw new Error('not a zip archive');
  const entries = archive.readUInt16LE(endOfDirectory + 10);
  let offset = archive.readUInt32LE(endOfDirectory + 16);
  const names: string[] = [];
  for (let index = 0; index < entries; index++) {
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    names.push(archive.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

describe('npm run package', () => {
  let template: Template;

  beforeAll(async () => {
    // No AWS credentials: packaging must not need them.
    const environment = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
    await promisify(execFile)('npm', ['run', 'package'], {
      cwd: PROJECT_ROOT,
      env: environment,
      timeout: 170_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    template = TemplateSchema.parse(JSON.parse(await readFile(TEMPLATE, 'utf8')));
  }, 180_000);

  it('grants no wildcard action in any policy', () => {
    // Prepare
    const statements = policyStatements(template);

    // Act
    const wildcardGrants = statements.filter(
      ({ holderType, statement }) =>
        statement.NotAction !== undefined ||
        ((statement.Effect === 'Allow' || holderType.startsWith('AWS::IAM::')) &&
          actionsOf(statement).some((action) => action.includes('*'))),
    );

    // Assess
    expect(statements.length).toBeGreaterThan(0);
    expect(wildcardGrants).toEqual([]);
    // The only wildcard left is the framework's refusal of plain-HTTP access to its deployment bucket.
    const wildcardDenials = statements.filter(({ statement }) =>
      actionsOf(statement).some((action) => action.includes('*')),
    );
    expect(wildcardDenials.map(({ holderType, statement }) => [holderType, statement.Effect])).toEqual(
      wildcardDenials.map(() => ['AWS::S3::BucketPolicy', 'Deny']),
    );
  });

  it('lets nothing update or delete an audit entry', () => {
    // Prepare
    const onAuditTable = policyStatements(template).filter(({ statement }) => targets(statement, 'AuditTable'));

    // Act
    const actions = new Set(onAuditTable.flatMap(({ statement }) => actionsOf(statement)));

    // Assess
    expect(onAuditTable.length).toBeGreaterThan(0);
    expect([...actions].sort()).toEqual(AUDIT_TABLE_ACTIONS);
    for (const forbidden of ['UpdateItem', 'DeleteItem', 'BatchWriteItem', 'UpdateTable', 'DeleteTable']) {
      expect(actions).not.toContain(`dynamodb:${forbidden}`);
    }
    // No statement reaches the tables through a broader resource either.
    const dynamoDbStatements = policyStatements(template).filter(({ statement }) =>
      actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );
    for (const { statement } of dynamoDbStatements) {
      expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|table\/\*/);
      // Each statement names exactly one table (the audit chains' counters are a third one, drift a fourth).
      const tables = ['AuditTable', 'AuditSequenceTable', 'ChangesTable', 'DriftTable'].filter((table) =>
        targets(statement, table),
      );
      expect(tables).toHaveLength(1);
    }
  });

  it('scopes the table actions to each table and its indexes', () => {
    // Prepare
    const dynamoDbStatements = policyStatements(template).filter(({ statement }) =>
      actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );

    // Act
    const onChanges = dynamoDbStatements.filter(({ statement }) => targets(statement, 'ChangesTable'));
    const resources = JSON.stringify(dynamoDbStatements.map(({ statement }) => statement.Resource));

    // Assess
    // The drift function only reads whether a request is being applied.
    expect(new Set(onChanges.flatMap(({ statement }) => actionsOf(statement).sort().join()))).toEqual(
      new Set([CHANGES_TABLE_ACTIONS.join(), 'dynamodb:GetItem']),
    );
    const onDrift = dynamoDbStatements.filter(({ statement }) => targets(statement, 'DriftTable'));
    expect(new Set(onDrift.flatMap(({ statement }) => actionsOf(statement).sort().join()))).toEqual(
      new Set(['dynamodb:GetItem,dynamodb:PutItem']),
    );
    for (const index of auditTableDefinition('audit').GlobalSecondaryIndexes ?? []) {
      expect(resources).toContain(`\${AuditTable.Arn}/index/${index.IndexName}`);
    }
    for (const index of changesTableDefinition('changes').GlobalSecondaryIndexes ?? []) {
      expect(resources).toContain(`\${ChangesTable.Arn}/index/${index.IndexName}`);
    }
  });

  it('grants only the Chime actions the bot calls: the Slack function the typeahead list, the sweep the apply', () => {
    // Prepare
    const chimeActions = (statements: Statement[]) =>
      [...new Set(statements.flatMap(actionsOf).filter((action) => action.startsWith('chime:')))].sort();

    // Act
    const everywhere = chimeActions(policyStatements(template).map(({ statement }) => statement));
    const slackFunction = chimeActions(roleStatements(template, 'slack'));
    const sweepFunction = chimeActions(roleStatements(template, 'sweep'));

    // Assess
    expect(everywhere).toEqual(CHIME_ACTIONS_THE_BOT_CALLS);
    expect(chimeActions(roleStatements(template, 'worker'))).toEqual(CHIME_ACTIONS_THE_BOT_CALLS);
    expect(slackFunction).toEqual(chime(REGISTRY.chimeActions.slack));
    expect(slackFunction).toEqual(['chime:ListVoiceConnectors']);
    // The sweep finishes approved changes whose worker died: the change kinds' reads and writes, nothing else.
    expect(sweepFunction).toEqual(chime(REGISTRY.chimeActions.sweep));
    expect(sweepFunction).toContain('chime:PutVoiceConnectorOrigination');
    expect(sweepFunction).not.toContain('chime:GetProxySession');
  });

  it('gives the Slack function no table access, only sending to the queue, reading its secrets and sealing', () => {
    // Prepare
    const statements = roleStatements(template, 'slack');

    // Act
    const actions = statements.flatMap(actionsOf).sort();

    // Assess
    expect(actions).toEqual([
      'chime:ListVoiceConnectors',
      'kms:Encrypt',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:SendMessage',
      'ssm:GetParameter',
      'ssm:GetParameters',
    ]);
    const ssm = statements.find((statement) => actionsOf(statement).includes('ssm:GetParameters'));
    expect(JSON.stringify(ssm?.Resource)).toContain(':parameter/chime-voice-ops/dev/slack-signing-secret');
    expect(JSON.stringify(ssm?.Resource)).toContain(':parameter/chime-voice-ops/dev/slack-bot-token');
    const kms = statements.find((statement) => actionsOf(statement).includes('kms:Encrypt'));
    expect(targets(kms ?? { Effect: 'Allow' }, 'PendingCredentialsKey')).toBe(true);
  });

  it.each(['slack', 'worker', 'sweep', 'drift'] as const)(
    'lets the %s function read the approval policy parameter, which every cold start reads',
    (suffix) => {
      const statement = roleStatements(template, suffix).find(
        (candidate) => actionsOf(candidate).includes('ssm:GetParameter') && candidate.Sid === 'ReadApprovalPolicy',
      );
      expect(functionNamed(template, suffix).properties.Environment.Variables.APPROVAL_POLICY_PARAMETER).toBeDefined();
      expect(JSON.stringify(statement?.Resource)).toContain(':parameter');
    },
  );

  it('declares both tables exactly as the bot creates them locally', () => {
    // Prepare
    const audit = TablePropertiesSchema.parse(resource(template, 'AuditTable').Properties);
    const changes = TablePropertiesSchema.parse(resource(template, 'ChangesTable').Properties);

    // Act
    const expectedAudit = auditTableDefinition(audit.TableName);
    const expectedChanges = changesTableDefinition(changes.TableName);

    // Assess
    expect(tableShape(audit as CreateTableCommandInput)).toEqual(tableShape(expectedAudit));
    expect(tableShape(changes as CreateTableCommandInput)).toEqual(tableShape(expectedChanges));
    expect([audit.BillingMode, changes.BillingMode]).toEqual(['PAY_PER_REQUEST', 'PAY_PER_REQUEST']);
  });

  it('protects both tables, and lets only change requests expire', () => {
    for (const logicalId of ['AuditTable', 'ChangesTable']) {
      const table = TablePropertiesSchema.parse(resource(template, logicalId).Properties);
      expect(table.PointInTimeRecoverySpecification, logicalId).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.SSESpecification, logicalId).toEqual({ SSEEnabled: true });
      expect(table.DeletionProtectionEnabled, logicalId).toBe(true);
    }
    expect(TablePropertiesSchema.parse(resource(template, 'AuditTable').Properties).TimeToLiveSpecification).toBe(
      undefined,
    );
    expect(TablePropertiesSchema.parse(resource(template, 'ChangesTable').Properties).TimeToLiveSpecification).toEqual({
      AttributeName: 'ttl',
      Enabled: true,
    });
  });

  it('retries a failed job as many times as the worker expects, then keeps it in a dead-letter queue', () => {
    // Prepare
    const [, mapping] = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')[0] ?? [];
    const queue = z
      .object({
        VisibilityTimeout: z.number(),
        RedrivePolicy: z.object({ deadLetterTargetArn: z.unknown(), maxReceiveCount: z.number() }),
      })
      .parse(resource(template, 'JobQueue').Properties);
    const deadLetters = z
      .object({ MessageRetentionPeriod: z.number() })
      .parse(resource(template, 'JobDeadLetterQueue').Properties);

    // Act
    const worker = functionNamed(template, 'worker');

    // Assess
    expect(mapping?.Properties).toMatchObject({
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': ['JobQueue', 'Arn'] },
      FunctionName: { 'Fn::GetAtt': [worker.logicalId, 'Arn'] },
    });
    expect(queue.RedrivePolicy.maxReceiveCount).toBe(JOB_MAX_ATTEMPTS);
    expect(queue.RedrivePolicy.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': ['JobDeadLetterQueue', 'Arn'] });
    expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(worker.properties.Timeout * 2);
    expect(deadLetters.MessageRetentionPeriod).toBe(14 * 24 * 60 * 60);
    expect(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).toEqual([]);
  });

  it('routes POST /slack/events to the Slack function and sweeps on a schedule', () => {
    // Prepare
    const route = resource(template, 'HttpApiRoutePostSlackEvents');
    const integration = resource(template, 'HttpApiIntegrationSlack');

    // Act
    const schedules = resourcesOfType(template, 'AWS::Events::Rule').map(([, rule]) => rule.Properties);

    // Assess
    expect(route.Properties.RouteKey).toBe('POST /slack/events');
    expect(integration.Properties.IntegrationUri).toEqual({
      'Fn::GetAtt': [functionNamed(template, 'slack').logicalId, 'Arn'],
    });
    expect(functionNamed(template, 'slack').properties.Timeout).toBeLessThanOrEqual(15);
    const targetOf = (name: 'sweep' | 'drift') => [
      expect.objectContaining({ Arn: { 'Fn::GetAtt': [functionNamed(template, name).logicalId, 'Arn'] } }),
    ];
    expect(schedules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ScheduleExpression: expect.stringMatching(/^rate\(\d+ minutes?\)$/),
          Targets: targetOf('sweep'),
        }),
        expect.objectContaining({ ScheduleExpression: 'rate(15 minutes)', Targets: targetOf('drift') }),
      ]),
    );
    expect(schedules).toHaveLength(3);
  });

  it('checks for drift on a schedule and on every Chime write CloudTrail reports, with read-only Chime access', () => {
    // Prepare
    const rules = resourcesOfType(template, 'AWS::Events::Rule').map(([, rule]) => rule.Properties);
    const drift = functionNamed(template, 'drift').properties;

    // Act
    const onWrites = rules.find((rule) => rule.EventPattern !== undefined) as { EventPattern: unknown } | undefined;
    const actions = roleStatements(template, 'drift')
      .flatMap(actionsOf)
      .filter((action) => action.startsWith('chime:'))
      .sort();
    const table = TablePropertiesSchema.parse(resource(template, 'DriftTable').Properties);

    // Assess
    expect(onWrites?.EventPattern).toMatchObject({
      source: ['aws.chime'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: {
        eventSource: ['chime.amazonaws.com'],
        eventName: expect.arrayContaining(['PutVoiceConnectorTermination']),
      },
    });
    expect(actions).toEqual([
      'chime:GetVoiceConnectorLoggingConfiguration',
      'chime:GetVoiceConnectorOrigination',
      'chime:GetVoiceConnectorTermination',
      'chime:ListVoiceConnectorTerminationCredentials',
      'chime:ListVoiceConnectors',
    ]);
    expect(roleStatements(template, 'drift').flatMap(actionsOf)).toContain('cloudtrail:LookupEvents');
    expect(drift.Timeout).toBe(900);
    expect(drift.Environment.Variables.DRIFT_IGNORE_ROLE_ARNS).toBeDefined();
    expect(tableShape(table as CreateTableCommandInput)).toEqual(tableShape(driftTableDefinition(table.TableName)));
    expect(table.DeletionProtectionEnabled).toBe(true);
  });

  it('runs every function on the Node.js version the bundles target (24), from the prebuilt bundle', async () => {
    // Prepare
    const functions = (['slack', 'worker', 'sweep'] as const).map((name) => functionNamed(template, name).properties);

    // Act
    const entries = zipEntryNames(await readFile(ARTIFACT));

    // Assess
    for (const lambda of functions) {
      expect(lambda.Runtime).toBe(`nodejs${LAMBDA_NODE_MAJOR}.x`);
    }
    expect(functions.map((lambda) => lambda.Handler)).toEqual([
      'dist/slack.handler',
      'dist/worker.handler',
      'dist/sweep.handler',
    ]);
    for (const module of ['dist/slack.mjs', 'dist/worker.mjs', 'dist/sweep.mjs']) expect(entries).toContain(module);
    expect(entries.filter((name) => !name.startsWith('dist/'))).toEqual([]);
  });

  it('seals pending credentials with a rotating customer-managed key', () => {
    // Prepare
    const key = resource(template, 'PendingCredentialsKey');

    // Act
    const environments = (['slack', 'worker'] as const).map(
      (name) => functionNamed(template, name).properties.Environment.Variables,
    );

    // Assess
    expect(key.Properties.EnableKeyRotation).toBe(true);
    for (const variables of environments) {
      expect(variables.KMS_KEY_ID).toEqual({ 'Fn::GetAtt': ['PendingCredentialsKey', 'Arn'] });
    }
  });

  it('keeps the logs for a set time', () => {
    const logGroups = resourcesOfType(template, 'AWS::Logs::LogGroup');
    expect(logGroups.length).toBeGreaterThanOrEqual(3);
    for (const [, logGroup] of logGroups) expect(logGroup.Properties.RetentionInDays).toEqual(expect.any(Number));
  });

  it('puts no secret in any environment variable, only the names of the SSM parameters', () => {
    // Prepare
    const variables = (['slack', 'worker', 'sweep'] as const).map(
      (name) => functionNamed(template, name).properties.Environment.Variables,
    );

    // Act
    const values = variables.flatMap((each) => Object.values(each)).map((value) => JSON.stringify(value));

    // Assess
    for (const value of values) {
      expect(value).not.toMatch(/xox[abpr]-|xapp-/);
      // A Slack signing secret is 32 hex digits.
      expect(value).not.toMatch(/[0-9a-f]{32}/i);
    }
    for (const each of variables) {
      expect(each).not.toHaveProperty('SLACK_SIGNING_SECRET');
      expect(each).not.toHaveProperty('SLACK_BOT_TOKEN');
      expect(each).not.toHaveProperty('SEAL_KEY');
      expect(each.SLACK_SIGNING_SECRET_PARAMETER).toMatch(/^\/[\w./-]+$/);
      expect(each.SLACK_BOT_TOKEN_PARAMETER).toMatch(/^\/[\w./-]+$/);
    }
  });

  it('declares the audit sequence table as the bot creates it, protected, updated only through its own statement', () => {
    // Prepare
    const table = TablePropertiesSchema.parse(resource(template, 'AuditSequenceTable').Properties);
    const statements = policyStatements(template).filter(({ statement }) => targets(statement, 'AuditSequenceTable'));

    // Act
    const actions = new Set(statements.flatMap(({ statement }) => actionsOf(statement)));

    // Assess
    expect(tableShape(table as CreateTableCommandInput)).toEqual(
      tableShape(auditSequenceTableDefinition(table.TableName)),
    );
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.DeletionProtectionEnabled).toBe(true);
    expect([...actions].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect(roleStatements(template, 'slack').some((statement) => targets(statement, 'AuditSequenceTable'))).toBe(false);
  });

  it('keeps checkpoints in a versioned bucket whose every version is locked in COMPLIANCE mode', () => {
    // Prepare
    const bucket = z
      .object({
        ObjectLockEnabled: z.literal(true),
        VersioningConfiguration: z.object({ Status: z.string() }),
        ObjectLockConfiguration: z.object({
          ObjectLockEnabled: z.string(),
          Rule: z.object({ DefaultRetention: z.object({ Mode: z.string(), Days: z.number().optional() }) }),
        }),
        PublicAccessBlockConfiguration: z.record(z.string(), z.boolean()),
      })
      .parse(resource(template, 'AuditCheckpointBucket').Properties);

    // Assess
    expect(bucket.VersioningConfiguration.Status).toBe('Enabled');
    expect(bucket.ObjectLockConfiguration.ObjectLockEnabled).toBe('Enabled');
    expect(bucket.ObjectLockConfiguration.Rule.DefaultRetention.Mode).toBe('COMPLIANCE');
    expect(bucket.ObjectLockConfiguration.Rule.DefaultRetention.Days).toBeGreaterThanOrEqual(365);
    expect(Object.values(bucket.PublicAccessBlockConfiguration)).toEqual([true, true, true, true]);
  });

  it('lets the bot put checkpoints but never overwrite, delete or unlock one', () => {
    // Prepare
    const onBucket = policyStatements(template).filter(({ statement }) => targets(statement, 'AuditCheckpointBucket'));
    const granted = onBucket.filter(
      ({ holderType, statement }) => holderType === 'AWS::IAM::Role' && statement.Effect === 'Allow',
    );
    const bucketPolicy = onBucket.filter(({ holderType }) => holderType === 'AWS::S3::BucketPolicy');

    // Act
    const actions = new Set(granted.flatMap(({ statement }) => actionsOf(statement)));
    const everyS3Grant = policyStatements(template)
      .filter(({ holderType, statement }) => holderType.startsWith('AWS::IAM::') && statement.Effect === 'Allow')
      .flatMap(({ statement }) => actionsOf(statement))
      .filter((action) => action.startsWith('s3:'));

    // Assess: versions are protected by Object Lock; keys by the policy that refuses any put
    // without If-None-Match, for every principal.
    expect([...actions].sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
    expect(new Set(everyS3Grant)).toEqual(actions);
    const conditionalPuts = bucketPolicy.find(
      ({ statement }) => statement.Sid === 'OnlyCreateNeverOverwrite',
    )?.statement;
    expect(conditionalPuts).toMatchObject({
      Effect: 'Deny',
      Action: 's3:PutObject',
      Condition: { Null: { 's3:if-none-match': 'true' } },
    });
    expect(JSON.stringify(conditionalPuts?.Resource)).toContain('AuditCheckpointBucket.Arn}/*');
    const denied = bucketPolicy.find(({ statement }) => statement.Sid === 'TheBotNeverDeletesOrUnlocks')?.statement;
    expect(actionsOf(denied ?? { Effect: 'Deny' })).toEqual(
      expect.arrayContaining([
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:PutObjectRetention',
        's3:BypassGovernanceRetention',
      ]),
    );
    const policy = JSON.stringify(resource(template, 'AuditCheckpointBucketPolicy').Properties);
    for (const role of ['WorkerFunctionRole', 'SweepFunctionRole', 'SlackFunctionRole']) expect(policy).toContain(role);
  });

  it('signs checkpoints with an asymmetric P-256 key that the worker and the sweep may only sign with and read', () => {
    // Prepare
    const key = resource(template, 'AuditSigningKey');
    const onKey = (suffix: 'slack' | 'worker' | 'sweep') =>
      roleStatements(template, suffix)
        .filter((statement) => targets(statement, 'AuditSigningKey'))
        .flatMap(actionsOf)
        .sort();

    // Assess
    expect(key.Properties).toMatchObject({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    expect(onKey('worker')).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    expect(onKey('sweep')).toEqual(['kms:GetPublicKey', 'kms:Sign']);
    expect(onKey('slack')).toEqual([]);
    const variables = functionNamed(template, 'worker').properties.Environment.Variables;
    expect(variables.AUDIT_SIGNING_KEY_ID).toEqual({ 'Fn::GetAtt': ['AuditSigningKey', 'Arn'] });
    expect(variables.AUDIT_CHECKPOINT_BUCKET).toEqual({ Ref: 'AuditCheckpointBucket' });
  });

  it('streams audit entries to a FIFO queue the worker and the sweep may send to', () => {
    // Prepare
    const queue = resource(template, 'AuditStreamQueue');
    const senders = (['slack', 'worker', 'sweep'] as const).filter((suffix) =>
      roleStatements(template, suffix).some(
        (statement) => targets(statement, 'AuditStreamQueue') && actionsOf(statement).includes('sqs:SendMessage'),
      ),
    );

    // Assess
    expect(queue.Properties).toMatchObject({ FifoQueue: true, ContentBasedDeduplication: false });
    expect(String(queue.Properties.QueueName)).toMatch(/\.fifo$/);
    expect(senders).toEqual(['worker', 'sweep']);
    expect(functionNamed(template, 'worker').properties.Environment.Variables.AUDIT_STREAM_QUEUE_URL).toEqual({
      Ref: 'AuditStreamQueue',
    });
  });

  it('puts no global cap on the worker: no reserved concurrency, no maximum concurrency on its queue', () => {
    // Prepare
    const [, mapping] = resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')[0] ?? [];

    // Assess
    expect(mapping?.Properties.ScalingConfig).toBeUndefined();
    expect(functionNamed(template, 'worker').properties).not.toHaveProperty('ReservedConcurrentExecutions');
  });
});
