// The monitor account's credentials: from the environment (WAGTAIL_PROBE_USERNAME
// and WAGTAIL_PROBE_PASSWORD, or the variables the config's `monitor` names) or
// the password from standard input (--monitor-password-stdin), never from a
// command-line value (it would show in `ps`) nor from the config file. The same
// rules as --auth's Basic credentials (src/config/credentials.ts).

import { MONITOR_PASSWORD_ENV, MONITOR_USERNAME_ENV, type ConfigFile } from '../config/keys.js';
import { ConfigError } from '../config/schema.js';
import type { MonitorAccount } from '../engine/options.js';

/** What the process gives for the monitor account besides the config. */
export interface MonitorSecretSources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The password piped in with --monitor-password-stdin. */
  readonly monitorPasswordFromStdin?: string;
}

/**
 * The account, or null when none is asked for: the config has no `monitor`, the
 * default user-name variable is unset and no password was piped in. Asked for
 * but incomplete is a usage error, never a silent anonymous run.
 */
export function monitorAccount(config: ConfigFile['monitor'], sources: MonitorSecretSources): MonitorAccount | null {
  const usernameEnv = config?.usernameEnv ?? MONITOR_USERNAME_ENV;
  const passwordEnv = config?.passwordEnv ?? MONITOR_PASSWORD_ENV;
  const username = nonEmpty(sources.env[usernameEnv]);
  const password = sources.monitorPasswordFromStdin ?? nonEmpty(sources.env[passwordEnv]);
  const asked = config !== undefined || username !== undefined || sources.monitorPasswordFromStdin !== undefined;
  if (!asked) return null;
  if (username === undefined) {
    throw new ConfigError(`monitor account: no user name: set ${usernameEnv}${config?.usernameEnv === undefined ? ' (or name another variable in monitor.usernameEnv)' : ''}`);
  }
  if (password === undefined || password === '') {
    throw new ConfigError(`monitor account ${username}: no password: set ${passwordEnv} or pipe it in with --monitor-password-stdin`);
  }
  return { username, password };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Every form in which the account's values could be written: as given, and as a form or URL would encode them. */
export function monitorSecrets(account: MonitorAccount): string[] {
  const forms = (value: string): string[] => [value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)];
  return [...new Set([...forms(account.username), ...forms(account.password)])];
}
