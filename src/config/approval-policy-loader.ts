import { readFile } from 'node:fs/promises';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { type Config, ConfigError, policyProblems } from './config';

/**
 * The configuration with its approval policy: read from the file `APPROVAL_POLICY` names, or from
 * the SSM parameter `APPROVAL_POLICY_PARAMETER` names (on Lambda, once per cold start, like the
 * Slack secrets); unchanged when neither is set. An unreadable or invalid policy stops the start
 * with a {@link ConfigError} naming the line and the field.
 *
 * The YAML parser and the policy's schemas are loaded here, with `import()`, only when there is a
 * policy to read; the SDK's SSM package only when it is in Parameter Store.
 *
 * @example
 * const config = await withApprovalPolicy(loadConfig(), async () => new SSMClient({ region: 'us-east-1' }));
 */
export async function withApprovalPolicy(
  config: Config,
  ssm: () => Promise<SSMClient>,
  /** The change kinds rules may name in `match.kinds` (the registry's); unchecked when not given. */
  changeKinds?: readonly string[],
): Promise<Config> {
  if (config.approvalPolicy !== undefined) return config;
  const document =
    config.approvalPolicyFile !== undefined
      ? await policyFile(config.approvalPolicyFile)
      : config.approvalPolicyParameter !== undefined
        ? await policyParameter(config.approvalPolicyParameter, ssm)
        : undefined;
  if (document === undefined) return config;
  const { ApprovalPolicyError, everyApprover, parseApprovalPolicy } = await import(
    '../policy/approval-policy-document'
  );
  let loaded: NonNullable<Config['approvalPolicy']>;
  try {
    loaded = { policy: parseApprovalPolicy(document.text, document.source, { changeKinds }), source: document.source };
  } catch (error) {
    if (!(error instanceof ApprovalPolicyError)) throw error;
    throw new ConfigError(error.problems.map((problem) => `${document.variable}: ${problem}`));
  }
  const problems = policyProblems(loaded, {
    changeCalendar: config.changeCalendar,
    onLambda: process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined,
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, approvalPolicy: loaded, approvers: everyApprover(loaded.policy) };
}

interface PolicyDocument {
  text: string;
  /** Where it came from, as the policy's messages name it: the path, or `ssm:<name>`. */
  source: string;
  /** How a problem's line starts: `APPROVAL_POLICY (policy.yml)`. */
  variable: string;
}

async function policyFile(path: string): Promise<PolicyDocument> {
  try {
    return { text: await readFile(path, 'utf8'), source: path, variable: `APPROVAL_POLICY (${path})` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([`APPROVAL_POLICY: cannot read ${path}${code ? ` (${code})` : ''}`]);
  }
}

async function policyParameter(name: string, ssm: () => Promise<SSMClient>): Promise<PolicyDocument> {
  // The package first: a client, once built, is always destroyed below.
  const { GetParameterCommand } = await import('./ssm-reads');
  const client = await ssm();
  const answer = await client
    .send(new GetParameterCommand({ Name: name, WithDecryption: true }))
    .catch((error: unknown) => {
      if (error instanceof Error && error.name === 'ParameterNotFound') return undefined;
      throw error;
    })
    .finally(() => client.destroy());
  const text = answer?.Parameter?.Value;
  if (text === undefined || text.trim() === '') {
    throw new ConfigError([`APPROVAL_POLICY_PARAMETER: SSM parameter ${name} was not found or is empty`]);
  }
  return { text, source: `ssm:${name}`, variable: `APPROVAL_POLICY_PARAMETER (${name})` };
}
