// wagtail-version's message ids, their text and default severity. A rule that
// only judges takes the reporter alone (Report); only confirm.ts fetches.

import type { ProbeContext } from '../../src/probe-kit/index.js';

export const messages = {
  releaseIdentified: { text: 'The site runs Wagtail {release}: {how}', severity: 'info' },
  releaseNarrowed: { text: 'The site runs Wagtail {candidates}: {reason}', severity: 'info' },
  releaseUnknown: { text: 'The Wagtail release could not be identified: {reason}', severity: 'info' },
  advisoryExposesData: {
    text: 'Wagtail {release} is affected by {advisory} ({impact}): {summary}; fixed in {fix}{outside}',
    severity: 'error',
  },
  advisory: {
    text: 'Wagtail {release} is affected by {advisory} ({impact}): {summary}; fixed in {fix}{outside}',
    severity: 'warning',
  },
  securitySupportEnded: {
    text: 'Wagtail {series}{lts} ({release}) no longer gets security fixes: its support ended on {date}, {days} days ago; upgrade to a supported release',
    severity: 'warning',
  },
  securitySupported: {
    text: 'Wagtail {series}{lts} ({release}) gets security fixes until {date} ({days} days left){feature}',
    severity: 'info',
  },
  supportUnknown: { text: 'Whether Wagtail {series} ({release}) still gets security fixes could not be judged: {reason}', severity: 'info' },
} as const;

export type MessageId = keyof typeof messages;
export type Context = ProbeContext<MessageId>;
/** What a rule that only judges takes: it can report, and its signature shows it never touches the network. */
export type Report = Context['report'];
