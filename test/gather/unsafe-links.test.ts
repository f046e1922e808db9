import t from 'tap';
import { isStateChangingUrl } from '../../src/gather/unsafe-links.js';

const site = 'https://127.0.0.1:8443';

t.test('links that act on GET are state-changing', async (t) => {
  const unsafe = [
    // path segments that are a verb
    '/delete/',
    '/DELETE/',
    '/%64elete/',
    '/accounts/logout/',
    '/Logout',
    '/log-out/',
    '/log_out/',
    '/user/logoff',
    '/signout',
    '/sign-out/',
    '/logout.php',
    '/accounts/logoutall/',
    '/blog/post/remove/',
    '/comments/5/destroy/',
    '/newsletter/unsubscribe/',
    '/tokens/3/revoke/',
    '/orders/9/cancel/',
    // a verb joined to one other word
    '/account/delete-account/',
    '/cart/bulk_delete/',
    '/logout-everywhere/',
    // Wagtail's admin, wherever it is mounted
    '/admin/logout/',
    '/cms/pages/12/delete/',
    '/cms/pages/12/unpublish/',
    '/cms/pages/12/publish/',
    '/cms/pages/12/lock/',
    '/cms/pages/12/unlock/',
    '/cms/pages/12/revisions/40/revert/',
    '/cms/pages/12/revisions/40/unschedule/',
    '/cms/pages/moderation/40/approve/',
    '/cms/pages/moderation/40/reject/',
    '/cms/pages/12/workflow/cancel/',
    '/cms/pages/12/workflow/action/submit/7/',
    '/cms/bulk/wagtailcore/page/move/?id=3&id=4',
    '/cms/pages/12/copy/',
    '/cms/pages/12/move/34/confirm/',
    '/cms/pages/12/convert_alias/',
    '/cms/workflows/disable/3/',
    '/cms/images/12/delete/',
    '/cms/documents/delete/7/',
    // query keys and values
    '/?action=delete',
    '/items/?action=Delete_Selected',
    '/page/?delete=1',
    '/newsletter/?unsubscribe=ab12cd',
    '/x/?do=logout',
    '/x/?op=log-out',
    '/basket/?remove_item=5',
    '/y/?a=1&action=delete+all',
    '/z/?%61ction=%64elete',
  ];
  for (const path of unsafe) t.equal(isStateChangingUrl(`${site}${path}`), true, path);
});

t.test('content that merely mentions an action is crawled', async (t) => {
  const safe = [
    '/',
    '/blog/how-we-delete-data/',
    '/delete-policy-overview/',
    '/delete-my-data-policy/',
    '/blog/deleted-scenes/',
    '/publishing/',
    '/publisher/',
    '/removals/',
    '/blocked/',
    '/clock/',
    '/approved-suppliers/',
    '/cancellation-policy/',
    '/events/cancelled/',
    '/blog/the-final-sign-off/',
    '/blog/why-you-should-log-out-of-shared-computers/',
    // ordinary words that are Wagtail actions only next to an id
    '/copy/',
    '/services/copy/',
    '/we-move/',
    '/products/bulk/',
    '/bulk-discounts/',
    '/workflow/',
    '/admin/pages/3/edit/',
    '/admin/pages/3/',
    '/blog/2024/',
    // queries that filter or return
    '/blog/?published=2024',
    '/news/?deleted=false',
    '/login/?next=/logout/',
    '/login/?next=%2Faccounts%2Flogout%2F',
    '/search/?q=how+to+delete+an+account',
    '/documents/?tag=annual-report',
    '/blog/?sort=-publish_date',
    '/checkout/?cancel_url=/basket/',
    '/events/?status=cancelled',
    // a value that is not a word, an odd encoding
    '/x/?id=%E0%A4%A',
    '/%E0%A4%A/',
  ];
  for (const path of safe) t.equal(isStateChangingUrl(`${site}${path}`), false, path);
  t.equal(isStateChangingUrl('not a url /delete/'), false, 'an unparsable URL is not a link to follow either way');
});
