import type { ActionsBlock, Button, KnownBlock } from '@slack/types';
import { z } from 'zod';
import { inlineCode, slackDate, userMention } from '../../blocks/slack-formatting';
import {
  contextBlock,
  escapeMrkdwn,
  fitList,
  headerBlock,
  plainText,
  SlackLimit,
  sectionBlock,
} from '../../blocks/slack-limits';
import { composeMessage, type SlackMessage } from '../../blocks/slack-message';
import { CHIME_REGIONS } from '../../chime/regions';
import type { OriginationRoute } from '../../chime/voice-connector';
import type { ConnectorSettings, DriftSection } from '../../drift/connector-settings';
import type { DriftAlertView } from '../../drift/drift-alerts';
import type { Attribution } from '../../drift/drift-store';
import { parseJsonAs } from '../../parse-json';
import { DriftIds } from './ids';

const SECTION_TITLES: Record<DriftSection, string> = {
  origination: 'Origination',
  termination: 'Termination',
  credentials: 'Credentials (usernames)',
  logging: 'Logging',
};

const CLIENT_WORDS: Record<Attribution['client'], string> = {
  console: 'the AWS console',
  cli: 'the AWS CLI',
  sdk: 'an AWS SDK',
  other: 'an unrecognised client',
};

/**
 * What a drift button carries: the connector and the alert's version. It comes back from the
 * client, so the worker checks it against the stored alert (a click on an older alert is refused).
 *
 * @example
 * { "c": "dx4h2k8m1p7q3r9s5t0v6w", "r": "us-east-1", "h": "3f0c…" }
 */
export const DriftButtonValueSchema = z.object({
  c: z.string().regex(/^[a-z0-9]{1,64}$/),
  r: z.enum(CHIME_REGIONS),
  h: z.string().regex(/^[0-9a-f]{64}$/),
});
export type DriftButtonValue = z.infer<typeof DriftButtonValueSchema>;

export function parseDriftButtonValue(value: string | undefined): DriftButtonValue | undefined {
  return parseJsonAs(DriftButtonValueSchema, value);
}

function routeText(route: OriginationRoute): string {
  return `${route.host}:${route.port} ${route.protocol} priority ${route.priority} weight ${route.weight}`;
}

/** `➕`/`➖` lines for two lists compared as sets. */
function setLines(
  label: string,
  before: readonly string[],
  after: readonly string[],
  fold = (v: string) => v,
): string[] {
  const had = new Set(before.map(fold));
  const has = new Set(after.map(fold));
  return [
    ...after.filter((value) => !had.has(fold(value))).map((value) => `➕ *${label}* ${inlineCode(value)}`),
    ...before.filter((value) => !has.has(fold(value))).map((value) => `➖ *${label}* ${inlineCode(value)}`),
  ];
}

function valueText(value: unknown): string {
  return value === undefined || value === null || value === '' ? '_not set_' : inlineCode(String(value));
}

function changeLine(label: string, before: unknown, after: unknown): string[] {
  return before === after ? [] : [`*${label}:* ${valueText(before)} → *${valueText(after)}*`];
}

function onOff(value: boolean): string {
  return value ? 'on' : 'off';
}

/** The lines of one section's diff, baseline → now. */
export function sectionDiffLines(
  section: DriftSection,
  baseline: Partial<ConnectorSettings>,
  observed: Partial<ConnectorSettings>,
): string[] {
  switch (section) {
    case 'origination': {
      const before = baseline.origination;
      const after = observed.origination;
      if (before === undefined || after === undefined) return [];
      return [
        ...changeLine('Origination', before.disabled ? 'disabled' : 'enabled', after.disabled ? 'disabled' : 'enabled'),
        ...setLines('Route', before.routes.map(routeText), after.routes.map(routeText), (v) => v.toLowerCase()),
      ];
    }
    case 'termination': {
      const before = baseline.termination;
      const after = observed.termination;
      if (before === undefined || after === undefined) return [];
      return [
        ...changeLine('Termination', before.disabled ? 'disabled' : 'enabled', after.disabled ? 'disabled' : 'enabled'),
        ...changeLine('CPS limit', before.cpsLimit, after.cpsLimit),
        ...changeLine('Default caller ID', before.defaultPhoneNumber, after.defaultPhoneNumber),
        ...setLines('Calling region', before.callingRegions, after.callingRegions, (v) => v.toUpperCase()),
        ...setLines('Allowed', before.cidrAllowedList, after.cidrAllowedList),
      ];
    }
    case 'credentials': {
      const before = baseline.credentials;
      const after = observed.credentials;
      if (before === undefined || after === undefined) return [];
      return setLines('Username', before.usernames, after.usernames);
    }
    default: {
      const before = baseline.logging;
      const after = observed.logging;
      if (before === undefined || after === undefined) return [];
      return [
        ...changeLine('SIP logs', onOff(before.sipLogs), onOff(after.sipLogs)),
        ...changeLine('Media metric logs', onOff(before.mediaMetricLogs), onOff(after.mediaMetricLogs)),
      ];
    }
  }
}

function whoLine(found: Attribution): string {
  const who =
    found.userName !== undefined
      ? `*${escapeMrkdwn(found.userName)}* (${inlineCode(found.principal)})`
      : inlineCode(found.principal);
  const from = found.sourceIp !== undefined ? ` from ${inlineCode(found.sourceIp)}` : '';
  return `👤 ${who} with ${CLIENT_WORDS[found.client]}${from}, ${slackDate(new Date(found.eventTime))} (${inlineCode(found.eventName)})`;
}

function attributionLines(view: DriftAlertView, section: DriftSection): string[] {
  const found = view.attribution.find((item) => item.section === section);
  if (found !== undefined) return [whoLine(found)];
  if (view.attributionPending.includes(section)) {
    return [
      '👤 _Not known yet: CloudTrail has no record of this change yet (it delivers events minutes late). Each check asks again for up to an hour and updates this alert._',
    ];
  }
  return ['👤 _Unknown: CloudTrail had no record of this change within an hour._'];
}

function notes(view: DriftAlertView): string[] {
  const lines: string[] = [];
  if (view.sections.includes('logging')) {
    lines.push('Logging has no change kind yet: *Revert* leaves it as it is; only *Accept as baseline* settles it.');
  }
  const credentials = view.sections.includes('credentials')
    ? { before: view.baseline.credentials?.usernames ?? [], after: view.observed.credentials?.usernames ?? [] }
    : undefined;
  if (credentials?.before.some((name) => !credentials.after.includes(name))) {
    lines.push(
      'A removed username cannot be put back by *Revert* (its password is not known): only added usernames are removed.',
    );
  }
  return lines;
}

function button(
  actionId: string,
  text: string,
  value: string,
  confirm: { title: string; text: string; ok: string },
  style?: 'primary' | 'danger',
): Button {
  return {
    type: 'button',
    action_id: actionId,
    text: plainText(text, SlackLimit.ButtonText),
    value,
    ...(style !== undefined ? { style } : {}),
    confirm: {
      title: plainText(confirm.title, SlackLimit.ConfirmTitle),
      text: plainText(confirm.text, SlackLimit.ConfirmText),
      confirm: plainText(confirm.ok, SlackLimit.ConfirmButton),
      deny: plainText('Back', SlackLimit.ConfirmButton),
    },
  };
}

function actions(view: DriftAlertView): ActionsBlock {
  const value = JSON.stringify({ c: view.ref.voiceConnectorId, r: view.ref.region, h: view.driftHash });
  return {
    type: 'actions',
    block_id: DriftIds.actionsBlock,
    elements: [
      button(DriftIds.revertAction, 'Revert to baseline', value, {
        title: 'Revert to baseline?',
        text: 'Opens change requests that restore the baseline. Another person approves them as usual; nothing changes before that.',
        ok: 'Request revert',
      }),
      button(
        DriftIds.acceptAction,
        'Accept as baseline',
        value,
        {
          title: 'Accept as baseline?',
          text: 'What the connector shows now becomes its baseline (approvers only; audited). The next check is quiet.',
          ok: 'Accept',
        },
        'primary',
      ),
    ],
  };
}

/**
 * The drift alert: which connector, the diff against the baseline per setting, who made each
 * change (or that CloudTrail has not said yet), and Revert / Accept while it is open.
 *
 * @example
 * chat.postMessage({ channel, ...driftAlertMessage(view) });
 */
export function driftAlertMessage(view: DriftAlertView): SlackMessage {
  const { ref } = view;
  const sectionNames = view.sections.map((section) => SECTION_TITLES[section]).join(', ');
  const title =
    view.status === 'accepted'
      ? `✅ Drift accepted as baseline: ${ref.voiceConnectorId}`
      : view.status === 'resolved'
        ? `✔️ Drift closed: ${ref.voiceConnectorId}`
        : `⚠️ Changed outside the bot: ${ref.voiceConnectorId}`;
  const blocks: KnownBlock[] = [
    headerBlock(title),
    sectionBlock(
      `Voice connector ${inlineCode(ref.voiceConnectorId)} (${escapeMrkdwn(ref.region)}) differs from its baseline in *${escapeMrkdwn(sectionNames)}*. Found ${slackDate(new Date(view.detectedAt))}.`,
    ),
  ];
  for (const section of view.sections) {
    const diff = fitList(sectionDiffLines(section, view.baseline, view.observed), { maxChars: 2200, separator: '\n' });
    const lines = [
      `*${SECTION_TITLES[section]}* (baseline → now)`,
      diff.text || '_no visible difference_',
      ...attributionLines(view, section),
    ];
    blocks.push(sectionBlock(lines.join('\n')));
  }
  const noteLines = notes(view);
  if (view.status === 'open' && noteLines.length > 0) blocks.push(contextBlock(noteLines));
  if (view.revert !== undefined) {
    blocks.push(
      contextBlock([
        `↩️ Revert requested by ${escapeMrkdwn(view.revert.requestedBy)}: ${view.revert.changeRequestIds.map(inlineCode).join(', ')}, approved in the approval channel like any change.`,
      ]),
    );
  }
  if (view.status === 'open') blocks.push(actions(view));
  if (view.status === 'accepted') {
    blocks.push(contextBlock([`Accepted as the new baseline by ${mentionOrName(view.decidedBy)}; audited.`]));
  }
  if (view.status === 'resolved') {
    blocks.push(contextBlock(['The connector matches its baseline again, so this alert is closed; audited.']));
  }
  const who = view.attribution.map((item) => item.userName ?? item.principal);
  const text = `${title}: ${sectionNames} differ from the baseline${who.length > 0 ? ` (changed by ${[...new Set(who)].join(', ')})` : ''}.`;
  return composeMessage(text, blocks);
}

function mentionOrName(value: string | undefined): string {
  if (value === undefined) return 'an approver';
  return /^[UW][A-Z0-9]{2,}$/.test(value) ? userMention(value) : escapeMrkdwn(value);
}
