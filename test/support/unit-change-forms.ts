import type { ModalView } from '@slack/types';
import { expect } from 'vitest';
import { CONNECTOR } from './change-fixtures';
import { type ListenerHarness, sendToNewHarness } from './listener-harness';
import { type ModalBlockAction, OPS_CHANNEL } from './slack-payloads';

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

/**
 * Sends a click on a change form's row button (Add or Remove) to a new harness, and checks what
 * a row edit does: a bare acknowledgement, then one Web API call, `views.update` of the clicked
 * view on its hash (so a stale form is not overwritten). Resolves with the form sent back.
 */
export async function editFormRows(
  click: ModalBlockAction,
): Promise<{ harness: ListenerHarness; view: ModalView | undefined }> {
  const { harness, ack } = await sendToNewHarness(click);
  expect(ack).toBeUndefined();
  const [update, ...others] = harness.slack.calls;
  expect(others).toEqual([]);
  expect(update?.method).toBe('views.update');
  expect(update?.args).toMatchObject({ view_id: click.view.id, hash: click.view.hash });
  return { harness, view: update?.args.view };
}
