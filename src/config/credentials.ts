// Credentials for a staging site behind HTTP Basic auth: from the target's
// userinfo, or from --auth / http.auth with the password from standard input or
// the environment (never a command-line value: it would show in `ps`).

import type { ConfigFile } from './keys.js';
import { AUTH_PASSWORD_ENV } from './keys.js';
import { ConfigError } from './schema.js';
import { withoutPassword, type BasicCredentials } from '../engine/secrets.js';

/** The target without userinfo, and the Basic credentials the userinfo held (percent-decoded), if any. */
export function checkTarget(target: string | undefined): { target: string; userinfo: BasicCredentials | null } {
  if (!target) throw new ConfigError('no site to probe: give a URL (wagtail-probe https://example.com/) or "target" in the config');
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new ConfigError(`not a URL: ${JSON.stringify(withoutPassword(target))} (expected e.g. https://example.com/)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`not an http(s) URL: ${withoutPassword(target)}`);
  if (url.username === '' && url.password === '') return { target: url.href, userinfo: null };
  const userinfo = { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  url.username = '';
  url.password = '';
  return { target: url.href, userinfo };
}

/** What the process gives besides the config: its environment, and a password read from standard input. */
export interface SecretSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly passwordFromStdin?: string;
}

/** Basic credentials from the target's userinfo or from http.auth (the password from stdin or the environment), never both. */
export function basicCredentials(userinfo: BasicCredentials | null, auth: NonNullable<ConfigFile['http']>['auth'], sources: SecretSources): BasicCredentials | null {
  if (auth?.user === undefined) {
    if (auth?.passwordEnv !== undefined) throw new ConfigError('http.auth.passwordEnv: needs http.auth.user (or --auth USER)');
    return userinfo;
  }
  if (userinfo !== null) throw new ConfigError('credentials given twice: in the target URL and with --auth / http.auth; keep one');
  if (auth.user.includes(':')) throw new ConfigError('--auth / http.auth.user: give the user name only; the password comes from the environment or --auth-password-stdin');
  const envName = auth.passwordEnv ?? AUTH_PASSWORD_ENV;
  const password = sources.passwordFromStdin ?? sources.env[envName];
  if (password === undefined) {
    throw new ConfigError(`--auth ${auth.user}: no password: set ${envName} or pipe it in with --auth-password-stdin`);
  }
  return { user: auth.user, password };
}
