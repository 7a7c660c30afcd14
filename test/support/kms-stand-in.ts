import { createHash, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type AwsJsonReply, awsJsonError, awsJsonResult, startAwsJsonServer } from './aws-stand-in-server';

/**
 * Just enough of AWS KMS (awsJson1_1, `TrentService.*`) for the checkpoint signer: `Sign`, `Verify`
 * and `GetPublicKey` on asymmetric `ECC_NIST_P256` / `SIGN_VERIFY` keys, with `MessageType` `RAW`
 * or `DIGEST` and `SigningAlgorithm` `ECDSA_SHA_256`, as `@aws-sdk/client-kms` sends them. Point the
 * SDK at it with `AWS_ENDPOINT_URL_KMS`. Keys are found by id, key ARN or alias. Signatures are
 * DER-encoded ECDSA over SHA-256 of the message, as KMS makes them (a `DIGEST` is that SHA-256).
 *
 * @example
 * const kms = await startKmsStandIn();
 * const key = kms.createSigningKey('alias/audit-checkpoints');
 * // env: { AWS_ENDPOINT_URL_KMS: kms.url, AUDIT_SIGNING_KEY_ID: key.arn }
 * await kms.close();
 */
export interface KmsStandIn {
  url: string;
  createSigningKey(alias?: string): { keyId: string; arn: string; publicKeyPem: string };
  /** Every call, as `X-Amz-Target` said. */
  calls: string[];
  close(): Promise<void>;
}

interface StoredKey {
  keyId: string;
  arn: string;
  privateKey: KeyObject;
  /** The private scalar, for signing a digest the way KMS does (Node signs only whole messages). */
  d: bigint;
  q: Point;
}

const SignInput = z.object({
  KeyId: z.string(),
  Message: z.string(),
  MessageType: z.enum(['RAW', 'DIGEST']).default('RAW'),
  SigningAlgorithm: z.literal('ECDSA_SHA_256'),
});
const VerifyInput = SignInput.extend({ Signature: z.string() });
const GetPublicKeyInput = z.object({ KeyId: z.string() });

export async function startKmsStandIn(options: { region?: string; account?: string } = {}): Promise<KmsStandIn> {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '000000000000';
  const keys = new Map<string, StoredKey>();
  const aliases = new Map<string, string>();
  const calls: string[] = [];

  const find = (keyId: string): StoredKey | undefined => {
    const aliasName = keyId.includes(':alias/') ? keyId.slice(keyId.indexOf('alias/')) : keyId;
    const id = aliases.get(aliasName) ?? keyId.split('/').at(-1) ?? keyId;
    return keys.get(id);
  };

  /** The input, key and digest of a Sign or Verify call, or the error KMS answers it with. */
  const signingCall = <T extends z.infer<typeof SignInput>>(
    schema: z.ZodType<T>,
    json: unknown,
    operation: string,
  ): { error: AwsJsonReply } | { input: T; key: StoredKey; digest: Buffer | undefined } => {
    const input = schema.safeParse(json);
    if (!input.success) return { error: kmsError('ValidationException', `Invalid ${operation} input`) };
    const key = find(input.data.KeyId);
    if (!key) return { error: kmsError('NotFoundException', `Key '${input.data.KeyId}' does not exist`) };
    return { input: input.data, key, digest: digestOf(input.data.Message, input.data.MessageType) };
  };

  const server = await startAwsJsonServer(({ target, input: json }) => {
    calls.push(target);
    if (target === 'TrentService.Sign') {
      const call = signingCall(SignInput, json, 'Sign');
      if ('error' in call) return call.error;
      const { key, digest } = call;
      if (!digest) return kmsError('ValidationException', 'A DIGEST must be 32 bytes');
      return kmsResult({
        KeyId: key.arn,
        Signature: signDigest(digest, key.d).toString('base64'),
        SigningAlgorithm: 'ECDSA_SHA_256',
      });
    }
    if (target === 'TrentService.Verify') {
      const call = signingCall(VerifyInput, json, 'Verify');
      if ('error' in call) return call.error;
      const { input, key, digest } = call;
      const valid = digest !== undefined && verifyDigest(digest, Buffer.from(input.Signature, 'base64'), key.q);
      if (!valid) return kmsError('KMSInvalidSignatureException', 'The signature is not valid');
      return kmsResult({ KeyId: key.arn, SignatureValid: true, SigningAlgorithm: 'ECDSA_SHA_256' });
    }
    if (target === 'TrentService.GetPublicKey') {
      const input = GetPublicKeyInput.safeParse(json);
      const key = input.success ? find(input.data.KeyId) : undefined;
      if (!key) return kmsError('NotFoundException', 'Key does not exist');
      return kmsResult({
        KeyId: key.arn,
        PublicKey: createPublicKey(key.privateKey).export({ format: 'der', type: 'spki' }).toString('base64'),
        KeySpec: 'ECC_NIST_P256',
        KeyUsage: 'SIGN_VERIFY',
        SigningAlgorithms: ['ECDSA_SHA_256'],
      });
    }
    return kmsError('UnknownOperationException', `Not served here: ${target}`);
  });
  return {
    url: server.url,
    calls,
    createSigningKey(alias) {
      const keyId = randomUUID();
      const arn = `arn:aws:kms:${region}:${account}:key/${keyId}`;
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = privateKey.export({ format: 'jwk' });
      const d = fromBase64Url(jwk.d ?? '');
      keys.set(keyId, { keyId, arn, privateKey, d, q: [fromBase64Url(jwk.x ?? ''), fromBase64Url(jwk.y ?? '')] });
      if (alias) aliases.set(alias, keyId);
      return {
        keyId,
        arn,
        publicKeyPem: createPublicKey(privateKey).export({ format: 'pem', type: 'spki' }).toString(),
      };
    },
    close: server.close,
  };
}

function digestOf(message: string, type: 'RAW' | 'DIGEST'): Buffer | undefined {
  const bytes = Buffer.from(message, 'base64');
  if (type === 'DIGEST') return bytes.length === 32 ? bytes : undefined;
  return createHash('sha256').update(bytes).digest();
}

// ECDSA on P-256 over a given digest (FIPS 186-4), in BigInt: slow, and fine for a test stand-in.
type Point = [bigint, bigint];
const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const A = P - 3n;
const G: Point = [
  0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
  0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
];

const mod = (value: bigint, modulus: bigint) => ((value % modulus) + modulus) % modulus;

function inverse(value: bigint, modulus: bigint): bigint {
  let [low, high] = [mod(value, modulus), modulus];
  let [lowCoefficient, highCoefficient] = [1n, 0n];
  while (low > 1n) {
    const ratio = high / low;
    [low, high] = [high - ratio * low, low];
    [lowCoefficient, highCoefficient] = [highCoefficient - ratio * lowCoefficient, lowCoefficient];
  }
  return mod(lowCoefficient, modulus);
}

function add(first: Point | undefined, second: Point | undefined): Point | undefined {
  if (!first) return second;
  if (!second) return first;
  const [x1, y1] = first;
  const [x2, y2] = second;
  if (x1 === x2 && mod(y1 + y2, P) === 0n) return undefined;
  const slope =
    x1 === x2 && y1 === y2 ? mod((3n * x1 * x1 + A) * inverse(2n * y1, P), P) : mod((y2 - y1) * inverse(x2 - x1, P), P);
  const x3 = mod(slope * slope - x1 - x2, P);
  return [x3, mod(slope * (x1 - x3) - y1, P)];
}

function multiply(scalar: bigint, point: Point): Point | undefined {
  let result: Point | undefined;
  let addend: Point | undefined = point;
  for (let rest = scalar; rest > 0n; rest >>= 1n) {
    if (rest & 1n) result = add(result, addend);
    addend = add(addend, addend);
  }
  return result;
}

function signDigest(digest: Buffer, d: bigint): Buffer {
  const z = BigInt(`0x${digest.toString('hex')}`);
  for (;;) {
    const k = mod(BigInt(`0x${randomBytes(32).toString('hex')}`), N - 1n) + 1n;
    const point = multiply(k, G);
    if (!point) continue;
    const r = mod(point[0], N);
    const s = mod(inverse(k, N) * (z + r * d), N);
    if (r !== 0n && s !== 0n) return derSignature(r, s);
  }
}

function verifyDigest(digest: Buffer, signature: Buffer, q: Point): boolean {
  const parsed = parseDerSignature(signature);
  if (!parsed) return false;
  const [r, s] = parsed;
  if (r <= 0n || r >= N || s <= 0n || s >= N) return false;
  const z = BigInt(`0x${digest.toString('hex')}`);
  const w = inverse(s, N);
  const point = add(multiply(mod(z * w, N), G), multiply(mod(r * w, N), q));
  return point !== undefined && mod(point[0], N) === r;
}

function derInteger(value: bigint): Buffer {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if ((bytes[0] ?? 0) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02, bytes.length]), bytes]);
}

function derSignature(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

function parseDerSignature(signature: Buffer): [bigint, bigint] | undefined {
  if (signature[0] !== 0x30) return undefined;
  const readInteger = (offset: number): [bigint, number] | undefined => {
    if (signature[offset] !== 0x02) return undefined;
    const length = signature[offset + 1] ?? 0;
    const bytes = signature.subarray(offset + 2, offset + 2 + length);
    return [BigInt(`0x${bytes.toString('hex') || '0'}`), offset + 2 + length];
  };
  const r = readInteger(2);
  const s = r && readInteger(r[1]);
  return r && s ? [r[0], s[0]] : undefined;
}

function fromBase64Url(text: string): bigint {
  return BigInt(`0x${Buffer.from(text, 'base64url').toString('hex')}`);
}

function kmsResult(body: unknown): AwsJsonReply {
  return awsJsonResult('1.1', body);
}

function kmsError(type: string, message: string): AwsJsonReply {
  return awsJsonError('1.1', type, message);
}
