/**
 * The running Wagtail test stack, as `npm run stack:up` describes it in
 * test/stack/.state/profiles.json (schema: test/stack/README.md).
 *
 * Tests, the demo and the probe's integration tests get URLs, documents,
 * passwords and the CA from here, never from constants of their own.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';

export const PROFILE_NAMES = [
  'hardened',
  'whitenoise',
  'redirect-leak',
  'direct',
  'django-media',
  'unhashed-static',
  'missing-manifest',
  'debug',
  'cdn-cache',
  'apache',
  'caddy',
  'caddy-media',
  'varnish',
  'wagtail-7.0',
  'wagtail-6.3',
  'broken-editor',
  'fast',
  'slow',
  'locmem-cache',
  's3-public',
  's3-private',
] as const;

export type ProfileName = (typeof PROFILE_NAMES)[number];
/** The web server answering a profile's ports (varnish: in front of an nginx origin). */
export type Front = 'nginx' | 'apache' | 'caddy' | 'varnish';
export type ServeMethod = 'serve_view' | 'redirect' | 'direct';

/** A document as the stack seeded it; URLs are absolute, on the profile's baseUrl. */
export interface StackDocument {
  id: number;
  title: string;
  /** The serve URL: /documents/<id>/<filename>. */
  url: string;
  filename: string;
  /** The file itself: MEDIA_URL + documents/<filename>, or on a storage profile its object's URL in the bucket (unsigned form). */
  directUrl: string;
  /** What the site's pages link: directUrl with serveMethod "direct", else url. */
  linkUrl: string;
  contentType: string;
  size: number;
  /** SHA-1 of the bytes uploaded (what Wagtail stores as file_hash; on s3-public a later upload replaced the public report's object). */
  sha1: string;
}

export type PrivateDocument = StackDocument &
  (
    | { restriction: 'login'; restrictionId: number }
    | { restriction: 'password'; restrictionId: number; password: string }
  );

export type PrivatePage = { url: string; restriction: 'login' } | { url: string; restriction: 'password'; password: string };

export interface StackImage {
  title: string;
  /** MEDIA_URL + original_images/<file> (on a storage profile: the bucket's URL of it, unsigned). */
  original: string;
  /** Every rendition generated ahead of time, MEDIA_URL + images/<...> (or in the bucket). */
  renditions: string[];
}

/**
 * The bucket of a storage profile (s3-public, s3-private) on the stack's
 * S3-compatible storage server: moto behind the stack's enforcing front, on
 * 127.0.0.1, path-style (test/stack/README.md).
 */
export interface StackStorage {
  /** The storage server (AWS_S3_ENDPOINT_URL, with a trailing slash). */
  endpoint: string;
  bucket: string;
  addressing: 'path';
  /** endpoint + bucket + '/': the bucket's root (its listing, when allowed). */
  bucketUrl: string;
  /** AWS_QUERYSTRING_AUTH: the site hands out presigned URLs. */
  signed: boolean;
  /** AWS_QUERYSTRING_EXPIRE (X-Amz-Expires) when signed, else null. */
  signedUrlExpires: number | null;
  /** Anyone may read every object (public-read ACLs and a bucket policy for Principal "*"). */
  publicRead: boolean;
  /** Anyone may list the bucket (public-read bucket ACL and policy). */
  publicList: boolean;
  /** AWS_S3_FILE_OVERWRITE: a same-named upload replaces the stored object. */
  overwrite: boolean;
  /**
   * A public and a private document uploaded under one file name: with overwrite
   * the two rows share one key (the private bytes); without, their names differ.
   */
  sharedName: { filename: string; publicDocumentId: number; privateDocumentId: number };
  /** The stack's one key (a fixed test credential), for requests a spec signs itself. */
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/** One right the monitor's group holds, read back from the database by the seed. */
export type MonitorPermission =
  | { permission: string; scope: 'global' }
  | { permission: string; scope: 'collection'; collection: string }
  /** On a page and its subtree: `page` its path, `pageId` for the admin's /pages/<id>/edit/. */
  | { permission: string; scope: 'page'; page: string; pageId: number };

/**
 * The least-privilege monitor account seeded in every profile: the admin, the
 * canaries' collections (choose), and "change" (never publish) on the one page
 * whose edit view it reads (test/stack/README.md).
 */
export interface MonitorAccount {
  username: string;
  password: string;
  groups: string[];
  permissions: MonitorPermission[];
}

export interface StackProfile {
  /** One line: what this profile gets right or wrong. */
  description: string;
  /** The Wagtail release this profile runs (wagtail-7.0 and wagtail-6.3 pin theirs; the others run the stack's). */
  wagtailVersion: string;
  djangoVersion: string;
  /** The URL to probe (https for profiles with TLS). */
  baseUrl: string;
  /** The plain-http port; equals baseUrl when the profile has no TLS. */
  httpUrl: string;
  /** The CA that signed the server certificate, for TLS profiles. */
  caFile: string | null;
  /** gunicorn itself, bypassing the web server (for comparisons only). */
  gunicornUrl: string;
  settingsModule: string;
  adminPath: string;
  staticUrl: string;
  mediaUrl: string;
  serveMethod: ServeMethod;
  /** Whether /api/v2/documents/ is mounted. */
  documentsApi: boolean;
  /** Whether /api/v2/images/ is mounted (its meta.download_url names each original). */
  imagesApi: boolean;
  front: Front;
  private: { documents: PrivateDocument[]; pages: PrivatePage[] };
  public: { documents: StackDocument[]; images: StackImage[]; pages: string[] };
  monitor: MonitorAccount;
  /** The profile's bucket when its media lives in the storage server; null: on disk under mediaUrl. */
  storage: StackStorage | null;
}

export interface StackInfo {
  /** The stack's release (WAGTAIL_VERSION); a profile's own is StackProfile.wagtailVersion. */
  wagtailVersion: string;
  djangoVersion: string;
  generatedAt: string;
  portBase: number;
  profiles: Record<ProfileName, StackProfile>;
}

/** Where stack:up writes profiles.json: test/stack/.state/, or $WAGTAIL_STACK_STATE (as for up.sh). */
export const PROFILES_JSON = process.env.WAGTAIL_STACK_STATE
  ? join(resolve(process.env.WAGTAIL_STACK_STATE), 'profiles.json')
  : fileURLToPath(new URL('.state/profiles.json', import.meta.url));

export class StackNotUpError extends Error {
  override name = 'StackNotUpError';
}

/** Reads profiles.json; throws a StackNotUpError saying what to run when it is missing or stale. */
export function loadStack(path: string = PROFILES_JSON): StackInfo {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StackNotUpError(`The Wagtail test stack is not up (${path} is missing): run npm run stack:up`);
    }
    throw error;
  }
  const stack = JSON.parse(text) as StackInfo;
  const missing = PROFILE_NAMES.filter((name) => !stack.profiles?.[name]);
  if (missing.length > 0) {
    throw new StackNotUpError(`${path} lacks the profiles ${missing.join(', ')}: run npm run stack:up`);
  }
  return stack;
}

const agents = new Map<string, Agent>();

/**
 * An undici dispatcher for one profile: trusts the stack's CA where the
 * profile uses TLS. One per CA file, kept for the life of the process.
 */
export function stackAgent(profile: StackProfile): Agent {
  const key = profile.caFile ?? '';
  let agent = agents.get(key);
  if (agent === undefined) {
    agent = new Agent(profile.caFile === null ? {} : { connect: { ca: readFileSync(profile.caFile, 'utf8') } });
    agents.set(key, agent);
  }
  return agent;
}

/** Closes the agents stackAgent made (call it at the end of a test file). */
export async function closeStackAgents(): Promise<void> {
  const closing = [...agents.values()].map((agent) => agent.close());
  agents.clear();
  await Promise.all(closing);
}
