import { CONNECTOR } from './change-fixtures';
import { OPS_CHANNEL } from './slack-payloads';

/**
 * The private_metadata of a change form of {@link CONNECTOR} with one row (`0`), as forms opened
 * before the metadata keys were spelled out carry it: `{c,r,ch,h,k,n}`.
 */
export function legacyFormMetadata(snapshotHash: string): string {
  return JSON.stringify({
    c: CONNECTOR,
    r: 'us-east-1',
    ch: OPS_CHANNEL.id,
    h: snapshotHash,
    k: ['0'],
    n: 1,
  });
}
