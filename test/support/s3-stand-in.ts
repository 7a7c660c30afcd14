import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { startStandInServer } from './aws-stand-in-server';

/**
 * Just enough of S3 (REST, path-style: `/<bucket>/<key>`) for write-once checkpoints, since no
 * public package emulates Object Lock: buckets with versioning and Object Lock (a default
 * retention, COMPLIANCE or GOVERNANCE), conditional puts (`If-None-Match: *` answers 412 when the
 * key has a current version), `GetObject` (newest version, or `?versionId=`), `ListObjectsV2`,
 * `DeleteObject` (a delete marker, as versioning makes it; a locked version itself cannot be
 * deleted: 403), and `GetObjectRetention`. Bodies sent `aws-chunked` (the SDK's trailing
 * checksums) are decoded. Point the SDK at it with `AWS_ENDPOINT_URL_S3` (and path-style).
 *
 * @example
 * const s3 = await startS3StandIn();
 * s3.createBucket('audit-checkpoints', { objectLock: { mode: 'COMPLIANCE', days: 365 } });
 * // env: { AWS_ENDPOINT_URL_S3: s3.url, AUDIT_CHECKPOINT_BUCKET: 'audit-checkpoints' }
 * s3.versionsOf('audit-checkpoints', 'checkpoints/000000000001.json'); // every version, oldest first
 */
export interface S3StandIn {
  url: string;
  createBucket(name: string, options?: { objectLock?: { mode: 'COMPLIANCE' | 'GOVERNANCE'; days: number } }): void;
  versionsOf(bucket: string, key: string): StoredVersion[];
  /** Every request: method, path and query. */
  requests: { method: string; path: string; query: string; headers: Record<string, string | string[] | undefined> }[];
  close(): Promise<void>;
}

export interface StoredVersion {
  versionId: string;
  body: Buffer;
  deleteMarker: boolean;
  lastModified: Date;
  retention?: { mode: 'COMPLIANCE' | 'GOVERNANCE'; retainUntil: Date };
}

interface Bucket {
  objectLock?: { mode: 'COMPLIANCE' | 'GOVERNANCE'; days: number };
  objects: Map<string, StoredVersion[]>;
}

export async function startS3StandIn(options: { now?: () => number } = {}): Promise<S3StandIn> {
  const now = options.now ?? (() => Date.now());
  const buckets = new Map<string, Bucket>();
  const requests: S3StandIn['requests'] = [];

  const server = await startStandInServer((request, raw, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push({ method: request.method ?? '', path: url.pathname, query: url.search, headers: request.headers });
    const [, bucketName = '', ...keyParts] = url.pathname.split('/');
    const key = decodeURIComponent(keyParts.join('/'));
    const bucket = buckets.get(bucketName);
    if (!bucket) return answerError(response, 404, 'NoSuchBucket', 'The specified bucket does not exist');
    const versions = bucket.objects.get(key) ?? [];
    const current = versions.at(-1);

    if (request.method === 'GET' && key === '' && url.searchParams.get('list-type') === '2') {
      const prefix = url.searchParams.get('prefix') ?? '';
      const contents = [...bucket.objects.entries()]
        .filter(([name, stored]) => name.startsWith(prefix) && stored.at(-1)?.deleteMarker === false)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, stored]) => {
          const latest = stored.at(-1) as StoredVersion;
          return `<Contents><Key>${escapeXml(name)}</Key><LastModified>${latest.lastModified.toISOString()}</LastModified><ETag>"${etag(latest.body)}"</ETag><Size>${latest.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
        });
      return answerXml(
        response,
        200,
        `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${bucketName}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${contents.length}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents.join('')}</ListBucketResult>`,
      );
    }
    if (request.method === 'PUT' && key !== '') {
      if (request.headers['if-none-match'] === '*' && current && !current.deleteMarker) {
        return answerError(
          response,
          412,
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
        );
      }
      const body = decodeBody(raw, request.headers);
      const mode =
        (request.headers['x-amz-object-lock-mode'] as 'COMPLIANCE' | 'GOVERNANCE' | undefined) ??
        bucket.objectLock?.mode;
      const until = request.headers['x-amz-object-lock-retain-until-date'];
      const retainUntil =
        typeof until === 'string'
          ? new Date(until)
          : bucket.objectLock
            ? new Date(now() + bucket.objectLock.days * 86_400_000)
            : undefined;
      const version: StoredVersion = {
        versionId: randomUUID().replaceAll('-', ''),
        body,
        deleteMarker: false,
        lastModified: new Date(now()),
        ...(mode && retainUntil ? { retention: { mode, retainUntil } } : {}),
      };
      bucket.objects.set(key, [...versions, version]);
      response.writeHead(200, { ETag: `"${etag(body)}"`, 'x-amz-version-id': version.versionId }).end();
      return;
    }
    if (request.method === 'GET' && key !== '' && url.searchParams.has('retention')) {
      const version = pick(versions, url.searchParams.get('versionId'));
      if (!version?.retention) return answerError(response, 404, 'NoSuchObjectLockConfiguration', 'No retention');
      return answerXml(
        response,
        200,
        `<Retention xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Mode>${version.retention.mode}</Mode><RetainUntilDate>${version.retention.retainUntil.toISOString()}</RetainUntilDate></Retention>`,
      );
    }
    if ((request.method === 'GET' || request.method === 'HEAD') && key !== '') {
      const version = pick(versions, url.searchParams.get('versionId'));
      if (!version || version.deleteMarker)
        return answerError(response, 404, 'NoSuchKey', 'The specified key does not exist.');
      response
        .writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': String(version.body.length),
          ETag: `"${etag(version.body)}"`,
          'Last-Modified': version.lastModified.toUTCString(),
          'x-amz-version-id': version.versionId,
        })
        .end(request.method === 'HEAD' ? undefined : version.body);
      return;
    }
    if (request.method === 'DELETE' && key !== '') {
      const versionId = url.searchParams.get('versionId');
      if (versionId === null) {
        const marker: StoredVersion = {
          versionId: randomUUID().replaceAll('-', ''),
          body: Buffer.alloc(0),
          deleteMarker: true,
          lastModified: new Date(now()),
        };
        bucket.objects.set(key, [...versions, marker]);
        response.writeHead(204, { 'x-amz-delete-marker': 'true', 'x-amz-version-id': marker.versionId }).end();
        return;
      }
      const version = versions.find((candidate) => candidate.versionId === versionId);
      if (version?.retention && version.retention.retainUntil.getTime() > now()) {
        return answerError(response, 403, 'AccessDenied', 'Access Denied because object protected by object lock.');
      }
      bucket.objects.set(
        key,
        versions.filter((candidate) => candidate.versionId !== versionId),
      );
      response.writeHead(204).end();
      return;
    }
    return answerError(response, 501, 'NotImplemented', `Not served here: ${request.method} ${url.pathname}`);
  });
  return {
    url: server.url,
    requests,
    createBucket(name, bucketOptions = {}) {
      buckets.set(name, { objectLock: bucketOptions.objectLock, objects: new Map() });
    },
    versionsOf: (bucket, key) => [...(buckets.get(bucket)?.objects.get(key) ?? [])],
    close: server.close,
  };
}

function pick(versions: StoredVersion[], versionId: string | null): StoredVersion | undefined {
  return versionId === null ? versions.at(-1) : versions.find((version) => version.versionId === versionId);
}

/** The body as sent, or decoded from `aws-chunked` (`<hex size>[;…]\r\n<bytes>\r\n … 0\r\n<trailers>`). */
function decodeBody(raw: Buffer, headers: IncomingMessage['headers']): Buffer {
  const encoding = String(headers['content-encoding'] ?? '');
  if (!encoding.includes('aws-chunked')) return raw;
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) break;
    const size = Number.parseInt(raw.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '0', 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function etag(body: Buffer): string {
  return createHash('md5').update(body).digest('hex');
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function answerXml(response: ServerResponse, status: number, xml: string): void {
  response
    .writeHead(status, { 'Content-Type': 'application/xml', 'x-amz-request-id': randomUUID() })
    .end(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
}

function answerError(response: ServerResponse, status: number, code: string, message: string): void {
  answerXml(response, status, `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`);
}
