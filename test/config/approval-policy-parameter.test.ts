import { SSMClient } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withApprovalPolicy } from '../../src/config/approval-policy-loader';
import { ConfigError, loadConfig } from '../../src/config/config';
import { type AwsJsonStandIn, startAwsJsonStandIn } from '../lambda/aws-json-stand-in';

/** `APPROVAL_POLICY_PARAMETER`, as a Lambda cold start reads it: the real SSM client over HTTP. */
describe('the approval policy from an SSM parameter', () => {
  let aws: AwsJsonStandIn;
  const load = (name: string) =>
    withApprovalPolicy(
      loadConfig({ APPROVAL_POLICY_PARAMETER: name, AWS_REGION: 'us-east-1' }),
      async () =>
        new SSMClient({
          region: 'us-east-1',
          endpoint: aws.url,
          credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
        }),
    );

  beforeAll(async () => {
    aws = await startAwsJsonStandIn({
      parameters: {
        '/chime-voice-ops/policy': 'rules:\n  - name: all\n    approvals: 2\n    approvers: [U0BOB, S0VOICE]\n',
        '/chime-voice-ops/bad-policy': '{"rules": [{"name": "all", "approvals": 0, "approvers": ["S0VOICE"]}]}',
        '/chime-voice-ops/blank': '  ',
      },
    });
  });
  afterAll(() => aws.close());

  it('reads the document once, decrypted, and takes its approvers', async () => {
    const before = aws.calls.length;
    const config = await load('/chime-voice-ops/policy');
    expect(config.approvalPolicy?.source).toBe('ssm:/chime-voice-ops/policy');
    expect(config.approvalPolicy?.policy.rules[0]?.approvals).toBe(2);
    expect(config.approvers).toEqual({ userIds: ['U0BOB'], groupIds: ['S0VOICE'] });
    expect(aws.calls.slice(before).map((call) => call.target)).toEqual(['AmazonSSM.GetParameter']);
  });

  it('stops the start on an invalid document (JSON too), naming the parameter, the line and the field', async () => {
    await expect(load('/chime-voice-ops/bad-policy')).rejects.toThrow(
      'APPROVAL_POLICY_PARAMETER (/chime-voice-ops/bad-policy): line 1, rules[0].approvals: expected at least 1',
    );
  });

  it('stops the start when the parameter is missing or empty, with a ConfigError that says so', async () => {
    await expect(load('/chime-voice-ops/missing')).rejects.toThrow(
      'APPROVAL_POLICY_PARAMETER: SSM parameter /chime-voice-ops/missing was not found or is empty',
    );
    await expect(load('/chime-voice-ops/blank')).rejects.toBeInstanceOf(ConfigError);
  });
});
