import t from 'tap';
import { csrfToken, djangoDebugMarkers, exceptionValue, isDjangoDebugPage, isFailedNotFoundPage, isNotFoundStatus } from '../../src/wagtail/django-pages.js';

const TECHNICAL_404 = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8">
  <title>Page not found at /nope/</title>
</head>
<body>
  <div id="info">
    <p>Using the URLconf defined in <code>mysite.urls</code>, Django tried these URL patterns, in this order:</p>
  </div>
  <div id="explanation">
    <p>You’re seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p>
  </div>
</body></html>`;

const TECHNICAL_500_EXCERPT = `<table class="meta"><tr><th scope="row">Request Method:</th><td>GET</td></tr>
<tr><th scope="row">Django Version:</th><td>5.2.1</td></tr>
<tr><th scope="row">Exception Value:</th><td><pre>boom</pre></td></tr></table>`;

t.test('isDjangoDebugPage finds the technical 404/500 pages', async (t) => {
  const cases: { name: string; text: string; expected: boolean; markers: string[] }[] = [
    { name: 'technical 404 (curly apostrophe)', text: TECHNICAL_404, expected: true, markers: ['DEBUG = True notice', 'URLconf listing', 'technical 404 title'] },
    { name: 'older Django, straight apostrophe', text: "You're seeing this error because you have <code>DEBUG = True</code>", expected: true, markers: ['DEBUG = True notice'] },
    { name: 'plain-text 500 (no <code>)', text: "You're seeing this error because you have DEBUG = True in your Django settings file.", expected: true, markers: ['DEBUG = True notice'] },
    { name: 'escaped apostrophe', text: 'You&#x27;re seeing this error because you have <code>DEBUG = True</code>', expected: true, markers: ['DEBUG = True notice'] },
    { name: 'technical 500 summary, notice cut off', text: TECHNICAL_500_EXCERPT, expected: true, markers: ['Django version row', 'exception value row'] },
    { name: 'a blog post naming the Django version', text: '<p>Django Version: 5.2 is out.</p>', expected: false, markers: ['Django version row'] },
    { name: "Wagtail's production 404", text: '<title>Page not found</title><h1>Page not found</h1>', expected: false, markers: [] },
  ];
  for (const c of cases) {
    t.equal(isDjangoDebugPage(c.text), c.expected, c.name);
    t.same(djangoDebugMarkers(c.text), c.markers, `${c.name}: markers`);
  }
});

t.test('csrfToken reads the token whatever the attribute order and quoting', async (t) => {
  t.equal(csrfToken('<input type="hidden" name="csrfmiddlewaretoken" value="abc">'), 'abc');
  t.equal(csrfToken("<input value='xyz' name='csrfmiddlewaretoken' type=hidden>"), 'xyz');
  t.equal(csrfToken('<input name=csrfmiddlewaretoken value=q1>'), 'q1');
  t.equal(csrfToken('<input name="other" value="1">'), null);
  t.equal(csrfToken('no form'), null);
});

t.test('exceptionValue reads the exception a technical 500 names, entities decoded', async (t) => {
  t.equal(exceptionValue('<pre class="exception_value">Missing staticfiles manifest entry for &#x27;wagtailadmin/css/core.css&#x27;</pre>'), "Missing staticfiles manifest entry for 'wagtailadmin/css/core.css'");
  t.equal(exceptionValue('<pre class="exception_value">  a\n   b </pre>'), 'a b');
  t.equal(exceptionValue('<h1>Server Error (500)</h1>'), null);
});

t.test('a missing page: 404 and 410 are Django saying so, 500 is its 404 page failing', async (t) => {
  t.same([404, 410, 200, 302, 403, 500].map(isNotFoundStatus), [true, true, false, false, false, false]);
  t.same([500, 502, 404].map(isFailedNotFoundPage), [true, false, false]);
});
