/**
 * Slack's emoji shortcodes (`:white_check_mark:`) that apps commonly send, as the characters the
 * Slack client draws for them. Not Slack's whole list: a shortcode missing here stays as typed,
 * which is also what Slack shows for one it does not know.
 */
const SHORTCODES: Readonly<Record<string, string>> = {
  // outcomes and statuses
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  ballot_box_with_check: '☑️',
  x: '❌',
  negative_squared_cross_mark: '❎',
  heavy_multiplication_x: '✖️',
  warning: '⚠️',
  no_entry: '⛔',
  no_entry_sign: '🚫',
  information_source: 'ℹ️',
  question: '❓',
  grey_question: '❔',
  exclamation: '❗',
  heavy_exclamation_mark: '❗',
  bangbang: '‼️',
  rotating_light: '🚨',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  stopwatch: '⏱️',
  alarm_clock: '⏰',
  zzz: '💤',
  rocket: '🚀',
  gear: '⚙️',
  lock: '🔒',
  unlock: '🔓',
  key: '🔑',
  closed_lock_with_key: '🔐',
  memo: '📝',
  pencil: '📝',
  pencil2: '✏️',
  clipboard: '📋',
  bookmark_tabs: '📑',
  mag: '🔍',
  link: '🔗',
  electric_plug: '🔌',
  telephone_receiver: '📞',
  phone: '☎️',
  telephone: '☎️',
  iphone: '📱',
  satellite_antenna: '📡',
  globe_with_meridians: '🌐',
  earth_americas: '🌎',
  earth_africa: '🌍',
  repeat: '🔁',
  arrows_counterclockwise: '🔄',
  twisted_rightwards_arrows: '🔀',
  heavy_plus_sign: '➕',
  heavy_minus_sign: '➖',
  arrow_right: '➡️',
  arrow_left: '⬅️',
  arrow_up: '⬆️',
  arrow_down: '⬇️',
  // coloured marks
  red_circle: '🔴',
  large_orange_circle: '🟠',
  large_yellow_circle: '🟡',
  large_green_circle: '🟢',
  large_blue_circle: '🔵',
  large_purple_circle: '🟣',
  black_circle: '⚫',
  white_circle: '⚪',
  // people and reactions
  '+1': '👍',
  thumbsup: '👍',
  '-1': '👎',
  thumbsdown: '👎',
  eyes: '👀',
  wave: '👋',
  raised_hands: '🙌',
  pray: '🙏',
  clap: '👏',
  tada: '🎉',
  sparkles: '✨',
  fire: '🔥',
  boom: '💥',
  bulb: '💡',
  thinking_face: '🤔',
  slightly_smiling_face: '🙂',
  smile: '😄',
  wink: '😉',
  sweat_smile: '😅',
  robot_face: '🤖',
  heart: '❤️',
  star: '⭐',
  100: '💯',
};

/** `:name:`, and the skin tone Slack may append (`:+1::skin-tone-3:`), which is dropped. */
const SHORTCODE = /:([a-z0-9_+-]+):(?::skin-tone-[2-6]:)?/g;

/**
 * Replaces every known shortcode in `text` with its emoji.
 *
 * @example
 * emojiFromShortcodes(':white_check_mark: Applied'); // '✅ Applied'
 * emojiFromShortcodes('at 12:30:45'); // 'at 12:30:45' (not a shortcode)
 */
export function emojiFromShortcodes(text: string): string {
  return text.replace(SHORTCODE, (whole, name: string) => SHORTCODES[name] ?? whole);
}
