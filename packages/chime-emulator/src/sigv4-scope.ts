import { EmulatedAwsError } from './aws-exceptions';

/** The SigV4 signing name of Chime SDK Voice (not the endpoint prefix `voice-chime`). */
export const CHIME_SIGNING_NAME = 'chime';

export interface CredentialScope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** Reads the credential scope of a SigV4 `Authorization` header; the signature itself is not checked. */
export function parseCredentialScope(authorization: string | undefined): CredentialScope | undefined {
  if (authorization === undefined || !authorization.startsWith('AWS4-HMAC-SHA256 ')) return undefined;
  const match = CREDENTIAL.exec(authorization);
  if (match === null) return undefined;
  const [, accessKeyId = '', date = '', region = '', service = ''] = match;
  return { accessKeyId, date, region, service };
}

/**
 * The region a request is addressed to, as AWS's front door decides it: from the credential scope.
 * Refuses what AWS refuses before the service sees it: no signature, or one scoped to another
 * service or to a region where Chime SDK Voice does not run.
 */
export function requireChimeScope<Region extends string>(
  authorization: string | undefined,
  isServedRegion: (region: string) => region is Region,
): CredentialScope & { region: Region } {
  if (authorization === undefined || authorization.trim() === '') {
    throw new EmulatedAwsError('MissingAuthenticationTokenException', 403, 'Missing Authentication Token');
  }
  const scope = parseCredentialScope(authorization);
  if (scope === undefined) {
    throw new EmulatedAwsError(
      'IncompleteSignatureException',
      403,
      'Authorization header requires a SigV4 Credential parameter of the form <key>/<date>/<region>/<service>/aws4_request.',
    );
  }
  if (scope.service !== CHIME_SIGNING_NAME) {
    throw new EmulatedAwsError(
      'InvalidSignatureException',
      403,
      `Credential should be scoped to correct service: '${CHIME_SIGNING_NAME}'.`,
    );
  }
  const { region } = scope;
  if (!isServedRegion(region)) {
    throw new EmulatedAwsError(
      'InvalidSignatureException',
      403,
      `Credential should be scoped to a valid region, not '${region}'. Chime SDK Voice runs in the regions of VoiceConnectorAwsRegion.`,
    );
  }
  return { ...scope, region };
}
