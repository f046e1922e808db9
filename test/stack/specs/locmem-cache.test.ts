// Ground truth for `locmem-cache`: Django's per-site cache middleware on
// LocMemCache in three gunicorn workers, over plain HTTP. What one visitor
// sees: every answer carries the stored copy's Expires (store time + 600 s),
// a hit also Django 5's `Age`; fresh requests meet more than one copy, one per
// worker that answered.
import t from 'tap';
import { closeStackAgents, loadStack } from '../profiles.js';
import { fetchFrom } from '../http.js';

const profile = loadStack().profiles['locmem-cache'];
t.teardown(closeStackAgents);
const storedAt = (expires: string | undefined) => Date.parse(expires ?? '') - 600_000;

t.test("a page's first answer is stored: Expires = Date + 600 s, then hits with Django's Age", async (t) => {
  const url = `/?spec=${Date.now()}`;
  const first = await fetchFrom(profile, url);
  t.equal(first.header('cache-control'), 'max-age=600');
  t.equal(first.header('age'), undefined, 'a miss: no Age');
  t.equal(Date.parse(first.header('expires') ?? '') - Date.parse(first.header('date') ?? ''), 600_000);
  await new Promise((resolve) => setTimeout(resolve, 1100));
  // Until a second worker answers, every answer is the first copy; look for a hit among a few.
  const later = await Promise.all(Array.from({ length: 6 }, () => fetchFrom(profile, url)));
  const hit = later.find((r) => r.header('expires') === first.header('expires'));
  t.ok(hit, 'the stored copy came back');
  t.match(hit?.header('age'), /^[1-9]\d*$/, 'Django 5 adds Age to a hit from its cache middleware');
});

t.test('while one worker is busy another answers with a copy of its own: two store times for one URL', async (t) => {
  const url = `/article-01/?spec=${Date.now()}`;
  const first = storedAt((await fetchFrom(profile, url)).header('expires'));
  // Expires has one-second resolution: a copy stored a second later is told apart.
  await new Promise((resolve) => setTimeout(resolve, 1100));
  const copies = new Set([first]);
  for (const answer of await Promise.all(Array.from({ length: 6 }, () => fetchFrom(profile, url)))) copies.add(storedAt(answer.header('expires')));
  t.ok(copies.size >= 2 && copies.size <= 3, `${copies.size} copies of one page (3 workers, 6 requests at once)`);
});

t.test('private answers are not cached: the admin login and a password form stay never-cache', async (t) => {
  t.match((await fetchFrom(profile, '/admin/login/')).header('cache-control'), /private/);
  const password = profile.private.pages.find((p) => p.restriction === 'password')?.url ?? '';
  t.match((await fetchFrom(profile, password)).header('cache-control'), /private/);
});
