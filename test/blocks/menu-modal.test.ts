import type { ExternalSelect, InputBlock, StaticSelect } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { ActionId, BlockId, CallbackId } from '../../src/blocks/ids';
import { menuModal, parseMenuModalMetadata } from '../../src/blocks/menu-modal';
import { CHIME_REGIONS } from '../../src/chime/regions';
import { REGISTRY } from '../../src/operations/registry';
import { expectWithinSlackLimits, visibleText } from '../support/block-kit-limits';
import { MENU_OPERATIONS } from '../support/menu-submission';

function inputBlock(view: ReturnType<typeof menuModal>, blockId: string): InputBlock {
  const block = view.blocks.find((candidate) => 'block_id' in candidate && candidate.block_id === blockId);
  if (block?.type !== 'input') throw new Error(`no input block ${blockId}`);
  return block as InputBlock;
}

describe('menuModal', () => {
  it('is a modal with the menu callback, within Slack’s limits', () => {
    // Act
    const view = menuModal({ metadata: { channelId: 'C0123' }, operations: REGISTRY.menu, defaultRegion: 'us-east-1' });

    // Assess
    expect(view.callback_id).toBe(CallbackId.MenuModal);
    expectWithinSlackLimits(view, 'modal');
  });

  it('offers a connector typeahead that lists connectors before anything is typed', () => {
    // Act
    const view = menuModal({ metadata: { channelId: 'C0123' }, operations: REGISTRY.menu, defaultRegion: 'us-east-1' });

    // Assess
    const element = inputBlock(view, BlockId.MenuConnector).element as ExternalSelect;
    expect(element).toMatchObject({
      type: 'external_select',
      action_id: ActionId.ConnectorSelect,
      min_query_length: 0,
    });
  });

  it('offers the seven operations, marking the proxy ones as deprecated by AWS', () => {
    // Act
    const view = menuModal({
      metadata: { channelId: 'C0123' },
      operations: REGISTRY.menu,
      defaultRegion: 'us-east-1',
      initialOperation: 'proxy',
    });

    // Assess
    const element = inputBlock(view, BlockId.MenuOperation).element as StaticSelect;
    expect(element.action_id).toBe(ActionId.OperationSelect);
    expect(element.options?.map((option) => option.value)).toEqual([...MENU_OPERATIONS]);
    expect(element.options?.map((option) => option.text.text)).toEqual([
      'Health at a glance',
      'Termination settings',
      'Proxy settings (deprecated by AWS)',
      'Proxy session (deprecated by AWS)',
      'Change origination routes',
      'Change termination credentials',
      'Change termination settings',
    ]);
    expect(element.initial_option?.value).toBe('proxy');
  });

  it('offers the ten regions with the default selected', () => {
    // Act
    const view = menuModal({
      metadata: { channelId: 'C0123' },
      operations: REGISTRY.menu,
      defaultRegion: 'ap-northeast-1',
    });

    // Assess
    const element = inputBlock(view, BlockId.MenuRegion).element as StaticSelect;
    expect(element.action_id).toBe(ActionId.RegionSelect);
    expect(element.options?.map((option) => option.value)).toEqual([...CHIME_REGIONS]);
    expect(element.initial_option?.value).toBe('ap-northeast-1');
  });

  it('has an optional proxy session id input and an optional "share in channel" checkbox', () => {
    // Act
    const view = menuModal({ metadata: { channelId: 'C0123' }, operations: REGISTRY.menu, defaultRegion: 'us-east-1' });

    // Assess
    const session = inputBlock(view, BlockId.MenuProxySession);
    expect(session.optional).toBe(true);
    expect(session.element).toMatchObject({ type: 'plain_text_input', action_id: ActionId.ProxySessionInput });
    const share = inputBlock(view, BlockId.MenuShare);
    expect(share.optional).toBe(true);
    expect(share.element).toMatchObject({ type: 'checkboxes', action_id: ActionId.ShareCheckbox });
    expect(visibleText(view)).toContain('Share the result in the channel');
  });

  it('carries its metadata as JSON that reads back the same', () => {
    // Act
    const view = menuModal({ metadata: { channelId: 'C0123' }, operations: REGISTRY.menu, defaultRegion: 'us-east-1' });

    // Assess
    expect(JSON.parse(view.private_metadata ?? '')).toEqual({ channelId: 'C0123' });
    expect(parseMenuModalMetadata(view.private_metadata)).toEqual({ channelId: 'C0123' });
  });

  it('reads malformed metadata back as nothing', () => {
    expect(parseMenuModalMetadata(undefined)).toBeUndefined();
    expect(parseMenuModalMetadata('not json')).toBeUndefined();
    expect(parseMenuModalMetadata('{"channelId":42}')).toBeUndefined();
  });
});
