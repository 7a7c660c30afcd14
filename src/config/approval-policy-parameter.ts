import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { everyApprover, parseApprovalPolicy } from '../policy/approval-policy';
import { type Config, ConfigError, policyProblems } from './config';

/**
 * The configuration with its approval policy read from `APPROVAL_POLICY_PARAMETER` (on Lambda),
 * once per cold start, like the Slack secrets; unchanged when no parameter is named. An invalid
 * policy stops the start with a {@link ConfigError} naming the line and the field.
 *
 * @example
 * const config = await withApprovalPolicyParameter(loadConfig(), () => new SSMClient({ region: 'us-east-1' }));
 */
export async function withApprovalPolicyParameter(config: Config, ssm: () => SSMClient): Promise<Config> {
  const name = config.approvalPolicyParameter;
  if (name === undefined || config.approvalPolicy !== undefined) return config;
  const client = ssm();
  const answer = await client
    .send(new GetParameterCommand({ Name: name, WithDecryption: true }))
    .finally(() => client.destroy());
  const text = answer.Parameter?.Value;
  if (text === undefined || text.trim() === '') {
    throw new ConfigError([`APPROVAL_POLICY_PARAMETER: SSM parameter ${name} was not found or is empty`]);
  }
  const source = `ssm:${name}`;
  let loaded: NonNullable<Config['approvalPolicy']>;
  try {
    loaded = { policy: parseApprovalPolicy(text, source), source };
  } catch (error) {
    if (error instanceof Error && 'problems' in error && Array.isArray(error.problems)) {
      throw new ConfigError(error.problems.map((problem) => `APPROVAL_POLICY_PARAMETER (${name}): ${String(problem)}`));
    }
    throw error;
  }
  const problems = policyProblems(loaded, {
    changeCalendar: config.changeCalendar,
    onLambda: process.env.AWS_LAMBDA_FUNCTION_NAME !== undefined,
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...config, approvalPolicy: loaded, approvers: everyApprover(loaded.policy) };
}
