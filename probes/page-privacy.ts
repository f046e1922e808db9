// page-privacy: the operator's private page canaries (private.pages) must be
// refused to an anonymous visitor the way Wagtail refuses them: a login or
// group restriction redirects to the login view, a password restriction
// answers its password form. A canary that answers with content is public; one
// that cannot be judged (gone, walled, rate-limited) says so and never passes.

import { defineProbe, evidenceFrom, READ, type FetchResult, type ProbeContext } from '../src/probe-kit/index.js';
import { hasPasswordField, htmlTitle, isLoginRedirect, isWagtailPasswordForm } from '../src/wagtail/privacy.js';

const messages = {
  canariesProtected: { text: '{count} private page(s) {how}: {pages}', severity: 'info' },
  canaryNotProtected: { text: 'Private page {url} is readable anonymously: it answered {status} with the page ({title})', severity: 'error' },
  canaryUnchecked: { text: 'Private page {url} could not be checked: {reason}', severity: 'warning' },
} as const;

type MessageId = keyof typeof messages;

const DECIDING_HEADERS = ['location', 'content-type', 'cache-control', 'www-authenticate', 'retry-after', 'server'];

type Verdict =
  | { readonly kind: 'protected'; readonly how: 'redirect to the login page' | 'answer with the password form' | 'answer 401 (HTTP authentication in front of the site)' }
  | { readonly kind: 'public'; readonly status: number; readonly title: string }
  | { readonly kind: 'unchecked'; readonly reason: string };

/** Why a status is neither access nor Wagtail's refusal. */
function uncheckedStatus(status: number): string {
  if (status === 404 || status === 410) return `it answered ${status}: the canary does not exist (deleted, moved, or its URL is wrong), so its privacy proves nothing`;
  if (status === 403) return "it answered 403, which is not how Wagtail refuses a private page (a WAF or bot wall in front? try --user-agent, or allow-list the probe with a --header token)";
  if (status === 429) return 'it answered 429 (rate limited): try a lower --rate';
  if (status >= 500) return `it answered ${status}: the site failed there`;
  return `it answered ${status}`;
}

function titleOf(html: string): string {
  const title = htmlTitle(html);
  return title ? `title "${title.slice(0, 80)}"` : 'no title';
}

export function judgeCanary(url: string, answer: FetchResult): Verdict {
  if (!answer.ok) return { kind: 'unchecked', reason: `${answer.error.code}: ${answer.error.message}` };
  if (answer.hops.some((h) => h.location !== null && isLoginRedirect(h.location, h.url))) return { kind: 'protected', how: 'redirect to the login page' };
  const { status } = answer;
  if (status === 401) return { kind: 'protected', how: 'answer 401 (HTTP authentication in front of the site)' };
  if (status >= 300 && status < 400) return { kind: 'unchecked', reason: `the redirects from ${url} did not end (${status} to ${answer.headers['location'] ?? 'nowhere'})` };
  if (status < 200 || status >= 300) return { kind: 'unchecked', reason: uncheckedStatus(status) };
  const text = answer.text ?? '';
  if (isWagtailPasswordForm(text)) return { kind: 'protected', how: 'answer with the password form' };
  if (hasPasswordField(text)) return { kind: 'unchecked', reason: `it answered ${status} with a login form that is not Wagtail's (a proxy or SSO wall?): refused, but not by Wagtail's page privacy` };
  if (!answer.body.complete) return { kind: 'unchecked', reason: `its body is larger than ${READ.page.maxBytes} bytes, past where the password form would be` };
  return { kind: 'public', status, title: titleOf(text) };
}

function reportVerdicts(ctx: ProbeContext<MessageId>, judged: readonly { url: string; answer: FetchResult; verdict: Verdict }[]): void {
  const protectedBy = new Map<string, typeof judged[number][]>();
  for (const entry of judged) {
    const { url, answer, verdict } = entry;
    const evidence = [evidenceFrom(answer, DECIDING_HEADERS)];
    if (verdict.kind === 'protected') protectedBy.set(verdict.how, [...(protectedBy.get(verdict.how) ?? []), entry]);
    else if (verdict.kind === 'public') ctx.report('canaryNotProtected', { url, status: verdict.status, title: verdict.title }, evidence, { url });
    else ctx.report('canaryUnchecked', { url, reason: verdict.reason }, evidence, { url, inconclusive: true });
  }
  for (const [how, entries] of protectedBy) {
    const [first] = entries;
    ctx.report('canariesProtected', { count: entries.length, how, pages: entries.map((e) => e.url).join(' ') }, entries.map((e) => evidenceFrom(e.answer, DECIDING_HEADERS)), {
      url: first?.url ?? '',
    });
  }
}

export default defineProbe({
  meta: {
    id: 'page-privacy',
    title: 'Private pages refuse anonymous visitors',
    docs: [
      "Wagtail's page privacy (Privacy: private, in the page's settings) refuses anonymous visitors with a redirect to the login view (login and group restrictions)",
      'or with its password form (password restrictions); a 200 with the page itself means the restriction is gone, was never set, or a cache or proxy serves around it.',
      'Name one page per restriction type in `private.pages` (or `--private`). A canary that no longer exists (404), or that a wall in front refuses (403, 429),',
      'proves nothing about privacy: it is reported as unchecked, never as a pass.',
    ].join(' '),
    // one request per page canary.
    maxRequests: (options) => options.privateCanaries.pages.length,
    messages,
  },

  async run(site, ctx) {
    const canaries = ctx.options.privateCanaries.pages.map((url) => new URL(url, site.target).href);
    if (canaries.length === 0) {
      ctx.skip('no private page canaries configured (private.pages, or --private with a page URL)');
      return;
    }
    const judged = [];
    for (const url of canaries) {
      const answer = await ctx.fetch(url, { body: READ.page });
      judged.push({ url, answer, verdict: judgeCanary(url, answer) });
    }
    reportVerdicts(ctx, judged);
  },
});
