// monitor-session against the real stack, with each profile's monitor account
// (test/stack/README.md, "The monitor account"): every canary proven (the
// account's control, then an anonymous refusal), the replay on the caches that
// store authorised answers, the admin's files only the editor loads, hardened
// clean, and exactly the methods and paths an authenticated run sends.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import t from 'tap';
import { crawl } from '../../src/gather/crawler.js';
import { createHttpClient } from '../../src/http/client.js';
import { runProbe, type ProbeRun } from '../../src/engine/probe.js';
import { memoisedFetch, resolveRunRequest } from '../../src/engine/run.js';
import monitorSession from '../../probes/monitor-session/index.js';
import { VISIT_PARAMETER } from '../../probes/monitor-session/canaries.js';
import { closeStackAgents, loadStack, type ProfileName, type StackProfile } from '../stack/profiles.js';
import { lines } from './probe-profile.js';

const stack = loadStack();
t.teardown(closeStackAgents);

/**
 * One run as the library makes it (resolveRunRequest, one client, the crawl,
 * the run's memo), with the monitor account in the environment the way an
 * operator gives it. The probe is driven directly: registering it in
 * probes/index.ts is not this file's business.
 */
async function runMonitor(profile: StackProfile, account = profile.monitor): Promise<{ run: ProbeRun; secrets: readonly string[] }> {
  const { options } = await resolveRunRequest(
    {
      target: profile.baseUrl,
      configFile: false,
      adminPath: profile.adminPath,
      private: { documents: profile.private.documents.map((d) => d.url), pages: profile.private.pages.map((p) => p.url) },
      http: { ca: profile.caFile },
    },
    { env: { WAGTAIL_PROBE_USERNAME: account.username, WAGTAIL_PROBE_PASSWORD: account.password } },
  );
  const client = createHttpClient({ ...options.http, concurrency: options.crawl.concurrency, rate: options.crawl.rate });
  try {
    const site = await crawl(options, client);
    const run = await runProbe(monitorSession, site, options, memoisedFetch(client));
    if (run.outcome.status === 'error') throw new Error(`monitor-session crashed: ${run.outcome.error}`);
    return { run, secrets: options.secrets };
  } finally {
    await client.close();
  }
}

/** What the account may not open in every profile (least privilege): the image and document listings, the locked pages report. */
const REFUSED = 'adminViewsRefused /admin/';

function canaryProven(run: ProbeRun): string[] {
  const proven = run.findings.find((f) => f.messageId === 'canariesProven');
  return proven ? String(proven.data['canaries']).split(', ').sort() : [];
}

const loginCanaries = (profile: StackProfile): string[] =>
  [...profile.private.documents.filter((d) => d.restriction === 'login').map((d) => d.url), ...profile.private.pages.filter((p) => p.restriction === 'login').map((p) => p.url)].sort();

t.test('hardened: every login canary proven, password canaries said so, nothing else', async (t) => {
  const profile = stack.profiles.hardened;
  const { run } = await runMonitor(profile);
  t.same(lines(run.findings, profile), ['adminShowsVersion /admin/', REFUSED, 'canariesProven /', 'canaryNeedsPassword /board-room/'].sort());
  t.same(canaryProven(run), loginCanaries(profile));
  t.equal(run.outcome.status, 'pass');
});

t.test('the secrets never reach a finding', async (t) => {
  const profile = stack.profiles.hardened;
  const { run, secrets } = await runMonitor(profile);
  t.ok(secrets.includes(profile.monitor.password) && secrets.includes(profile.monitor.username));
  const text = JSON.stringify(run.findings);
  t.notMatch(text, profile.monitor.password);
  t.notMatch(text, /sessionid=[a-z0-9]{8,}/);
});

t.test('an authenticated run sends exactly GETs and the two POSTs, to the allowlist', async (t) => {
  const profile = stack.profiles.hardened;
  const sent: string[] = [];
  const record = (message: unknown): void => {
    const { request } = message as { request: { method: string; origin: string; path: string } };
    sent.push(`${request.method} ${request.path.replace(/[?&]wagtail-probe-visit=[^&]*/, '?<visit>')}`);
  };
  subscribe('undici:request:create', record);
  try {
    await runMonitor(profile);
  } finally {
    unsubscribe('undici:request:create', record);
  }
  const methods = new Set(sent.map((line) => line.split(' ')[0]));
  t.same([...methods].sort(), ['GET', 'POST'], 'GET and POST only (the crawl, the probe, the session)');
  t.same(sent.filter((line) => line.startsWith('POST ')).sort(), ['POST /admin/login/', 'POST /admin/logout/'], 'the login and the logout, once each');
  const adminGets = [...new Set(sent.filter((line) => line.startsWith('GET /admin/')).map((line) => line.slice(4)))].sort();
  const membersArea = profile.monitor.permissions.find((p) => p.scope === 'page');
  t.ok(membersArea && membersArea.scope === 'page');
  const pageId = membersArea && membersArea.scope === 'page' ? membersArea.pageId : 0;
  t.same(adminGets, [
    '/admin/',
    '/admin/documents/',
    '/admin/documents/chooser/',
    '/admin/images/',
    '/admin/images/chooser/',
    '/admin/jsi18n/',
    '/admin/login/',
    `/admin/pages/${pageId}/`,
    `/admin/pages/${pageId}/edit/`,
    '/admin/pages/',
    '/admin/pages/search/',
    '/admin/reports/aging-pages/',
    '/admin/reports/locked/',
    '/admin/reports/site-history/',
  ].sort(), 'admin GETs: the crawl\'s login page and its jsi18n script, and the allowlist');
  const visits = sent.filter((line) => line.includes('?<visit>'));
  t.equal(visits.length, 2 * loginCanaries(profile).length + profile.private.documents.filter((d) => d.restriction === 'password').length + profile.private.pages.filter((p) => p.restriction === 'password').length,
    `${VISIT_PARAMETER}: the control of every canary, and the anonymous visit after each login canary's`);
});

t.test('a wrong password: one inconclusive loginFailed, nothing sent after the refused POST', async (t) => {
  const profile = stack.profiles.whitenoise;
  const { run } = await runMonitor(profile, { ...profile.monitor, password: 'not-the-password' });
  t.same(lines(run.findings, profile), ['?loginFailed /admin/login/']);
  t.match(run.findings[0]?.message, /showed the login form again/);
});

t.test('missing-manifest: no login form to be had, said so', async (t) => {
  const profile = stack.profiles['missing-manifest'];
  const { run } = await runMonitor(profile);
  t.same(lines(run.findings, profile), ['?loginFailed /admin/login/']);
  t.match(run.findings[0]?.message, /answered 500/);
});

for (const name of ['varnish', 'cdn-cache'] as const satisfies readonly ProfileName[]) {
  t.test(`${name}: the cache replays the monitor's private documents to anonymous clients`, async (t) => {
    const profile = stack.profiles[name];
    const { run } = await runMonitor(profile);
    const replayed = run.findings.filter((f) => f.messageId === 'privateReplayed').map((f) => f.url).sort();
    const documents = profile.private.documents.filter((d) => d.restriction === 'login').map((d) => d.url);
    // varnish stores documents only; cdn-cache every URL, the private page too.
    const expected = name === 'varnish' ? documents : [...documents, ...profile.private.pages.filter((p) => p.restriction === 'login').map((p) => p.url)];
    t.same(replayed, expected.sort());
    const first = run.findings.find((f) => f.messageId === 'privateReplayed');
    t.match(first?.message, name === 'varnish' ? /Varnish replays it to anonymous clients \(X-Varnish: \d+ \d+/ : /nginx proxy_cache replays it to anonymous clients \(X-Cache-Status: HIT\)/);
    t.equal(run.outcome.status, 'fail');
  });
}

t.test('broken-editor: the page editor\'s missing comments.js, which the login page never loads', async (t) => {
  const profile = stack.profiles['broken-editor'];
  const { run } = await runMonitor(profile);
  const broken = run.findings.filter((f) => f.messageId === 'assetBroken');
  t.equal(broken.length, 1, 'one file');
  t.match(broken[0]?.url, /\/static\/wagtailadmin\/js\/comments\.[0-9a-f]{12}\.js$/);
  t.match(broken[0]?.message, /referenced by .*\/admin\/pages\/\d+\/edit\/.*answers 404/);
  t.same(canaryProven(run), loginCanaries(profile));
});

for (const name of ['whitenoise', 'redirect-leak', 'direct', 'caddy-media', 'apache', 'wagtail-6.3', 'wagtail-7.0'] as const satisfies readonly ProfileName[]) {
  t.test(`${name}: every login canary proven by the account`, async (t) => {
    const profile = stack.profiles[name];
    const { run } = await runMonitor(profile);
    // direct too: its serve URLs still check privacy; what leaks is the file URL pages link.
    t.same(canaryProven(run), loginCanaries(profile));
    t.notOk(run.findings.some((f) => f.messageId === 'canaryBroken'), 'no canary broken');
    if (name === 'redirect-leak' || name === 'caddy-media' || name === 'direct') {
      // The file URL answers anonymously with the very bytes the account got: the leak, proven.
      const leaks = run.findings.filter((f) => f.messageId === 'leakConfirmed').map((f) => f.url).sort();
      t.same(leaks, profile.private.documents.filter((d) => d.restriction === 'login').map((d) => d.url).sort());
    }
  });
}
