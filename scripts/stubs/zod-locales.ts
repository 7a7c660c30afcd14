/**
 * Stands in, inside the Lambda bundle only, for zod's table of every locale (about 260 KiB, a
 * fifth of the bundle), which `z.locales` exposes and the bot never uses: it speaks English,
 * the locale zod registers by itself. Only `en` remains under `z.locales`.
 */
export { default as en } from 'zod/v4/locales/en.js';
