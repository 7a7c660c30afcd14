import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from './config';

export interface SlackSecrets {
  signingSecret: string;
  botToken: string;
}

/**
 * The Slack signing secret and bot token: from the environment, or (on Lambda) from two SSM
 * Parameter Store SecureStrings named by `SLACK_*_PARAMETER`, read once per cold start. The
 * template carries only the names, so packaging needs no AWS access and no secret is in it.
 *
 * The composition root gives the SSM client (`ssm`), which is built only when the secrets are
 * parameters, and destroyed after its one call. The SDK's SSM package is loaded (`import()`) only
 * then too: a function whose secrets are in its environment never loads it.
 *
 * @example
 * const secrets = await readSlackSecrets(config, async () => new SSMClient({ region: config.awsRegion }));
 */
export async function readSlackSecrets(config: Config, ssm: () => Promise<SSMClient>): Promise<SlackSecrets> {
  const slack = config.slack;
  if (slack.mode === 'workspace') return { signingSecret: slack.signingSecret, botToken: slack.botToken };
  if (slack.mode === 'sandbox') throw new Error('the sandbox generates its own Slack secrets');
  const names = [slack.signingSecretParameter, slack.botTokenParameter];
  // The package first: a client, once built, is always destroyed below.
  const { GetParametersCommand } = await import('./ssm-reads');
  const client = await ssm();
  const answer = await client
    .send(new GetParametersCommand({ Names: names, WithDecryption: true }))
    .finally(() => client.destroy());
  const parameterValue = (name: string, variable: string): string => {
    const value = answer.Parameters?.find((parameter) => parameter.Name === name)?.Value;
    if (value === undefined || value === '') {
      throw new Error(`SSM parameter ${name} (from ${variable}) was not found or is empty`);
    }
    return value;
  };
  return {
    signingSecret: parameterValue(slack.signingSecretParameter, 'SLACK_SIGNING_SECRET_PARAMETER'),
    botToken: parameterValue(slack.botTokenParameter, 'SLACK_BOT_TOKEN_PARAMETER'),
  };
}
