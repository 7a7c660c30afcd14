/**
 * What the bot needs of the SDK's SSM package: the client and the three reads it makes (the Slack
 * secrets and the approval policy at start, the Change Calendar's state before an apply). Loaded
 * with `import()` only when one of them is made, so that the Slack function, whose secrets are
 * read once per cold start or are in its environment, does not load the package at import. One
 * module of named exports, so that the bundles keep only these (a dynamic import of the package
 * itself would take all of its commands along).
 */
export { GetCalendarStateCommand, GetParameterCommand, GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
