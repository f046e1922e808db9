// monitor-session's message ids, their text and default severity. The admin's
// static files after login go through static-assets' own rules, so those
// findings keep static-assets' ids and texts (picked below): one fault, one id.

import type { ProbeContext } from '../../src/probe-kit/index.js';
import { messages as staticAssetMessages, type Context as StaticAssetsContext } from '../static-assets/messages.js';

/** static-assets' per-file and per-base rules, applied to the files only the logged-in admin loads. */
const ADMIN_ASSET_MESSAGE_IDS = [
  'assetBroken',
  'assetUnchecked',
  'wrongContentType',
  'hashMismatch',
  'storageNotHashing',
  'unhashedReferences',
  'hashedShortCache',
  'hashedNotImmutable',
  'hashedNoStore',
  'hashedPrivate',
  'unhashedLongCache',
  'unhashedImmutable',
  'missingCacheHeaders',
  'manifestDisagrees',
] as const satisfies readonly (keyof typeof staticAssetMessages)[];

type AdminAssetMessageId = (typeof ADMIN_ASSET_MESSAGE_IDS)[number];

const adminAssetMessages = Object.fromEntries(ADMIN_ASSET_MESSAGE_IDS.map((id) => [id, staticAssetMessages[id]])) as Pick<typeof staticAssetMessages, AdminAssetMessageId>;

export const messages = {
  loginFailed: {
    text: 'The monitor account could not log in at {url}: {reason}; the authenticated checks did not run (the rest of the run is anonymous, as without an account)',
    severity: 'warning',
  },
  logoutFailed: { text: 'The monitor session was not ended at {url}: {reason}', severity: 'warning' },
  canariesProven: {
    text: '{count} private canaries proven: the monitor account gets each, an anonymous client is refused: {canaries}',
    severity: 'info',
  },
  canaryBroken: {
    text: 'Canary {url} is broken: the monitor account cannot get it either ({answer}), so its refusal to anonymous clients proves nothing',
    severity: 'warning',
  },
  canaryNeedsPassword: {
    text: '{count} password-restricted canaries answer the monitor account with their password form too (an account does not pass a password restriction): their refusal is not proven by a control: {canaries}',
    severity: 'info',
  },
  canaryUnproven: { text: 'Canary {url} could not be proven: {reason}', severity: 'warning' },
  privateReplayed: {
    text: 'After the monitor account read private {what} {url}, {cache} replays it to anonymous clients ({signs}): the cache stores authorised answers and ignores the session',
    severity: 'error',
  },
  leakConfirmed: {
    text: 'Private document {doc} is readable without permission at {where}: the same {bytes} bytes (SHA-1 {sha1}) the monitor account gets',
    severity: 'error',
  },
  fileUrlOtherFile: {
    text: "{fileUrl} answers {status} anonymously, but not with private document {doc}'s bytes (SHA-1 {sha1} there, {expected} for the document): another file of that name",
    severity: 'info',
  },
  adminResponseStorable: {
    text: '{count} admin responses to the monitor session may be stored by shared caches (e.g. {example}: {received}): Wagtail sends "private, no-store" on every admin view, so something in front changed that',
    severity: 'error',
  },
  adminResponseReplayed: {
    text: '{count} admin responses to the monitor session came from a shared cache (e.g. {example}: {cache}, {signs}): logged-in pages are stored and replayed',
    severity: 'error',
  },
  adminViewsRefused: { text: '{count} allowlisted admin views refuse the monitor account (least privilege, not a fault): {views}', severity: 'info' },
  adminViewsUnchecked: { text: '{count} allowlisted admin views could not be checked: {views}', severity: 'warning' },
  cookieNotSecure: { text: 'The real {cookie} cookie the login sets lacks Secure over https ({check})', severity: 'error' },
  sessionCookieNotHttpOnly: { text: 'The real {cookie} cookie the login sets lacks HttpOnly (security.W013, SESSION_COOKIE_HTTPONLY)', severity: 'error' },
  cookieWithoutSameSite: { text: 'The real {cookie} cookie the login sets has {sameSite} ({setting})', severity: 'warning' },
  adminShowsVersion: { text: 'The admin tells the monitor account it runs Wagtail {version} ({where})', severity: 'info' },
  ...adminAssetMessages,
} as const;

export type MessageId = keyof typeof messages;
export type Context = ProbeContext<MessageId>;
/** What a rule that only judges takes: it can report, and its signature shows it never touches the network. */
export type Report = Context['report'];

function isAdminAssetMessage(id: string): id is AdminAssetMessageId {
  return (ADMIN_ASSET_MESSAGE_IDS as readonly string[]).includes(id);
}

/**
 * The context static-assets' rules take, reporting through this probe. They
 * report only the ids picked above for files they are given; any other id
 * would be a finding this probe has no text for, so it is a bug, not a silence.
 */
export function staticAssetsContext(ctx: Context): StaticAssetsContext {
  return {
    options: ctx.options,
    fetch: ctx.fetch,
    skip: ctx.skip,
    report(id, data, evidence, options) {
      if (!isAdminAssetMessage(id)) throw new Error(`a static-assets rule reported ${id}, which monitor-session does not carry`);
      ctx.report(id, data, evidence, options);
    },
  };
}
