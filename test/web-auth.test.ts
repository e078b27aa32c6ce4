import { expect } from 'chai';
import { csrfToken, csrfValid } from '../src/web/auth/csrf';
import { portalToken, portalTokenValid } from '../src/web/auth/portal-token';
import { readSession, sessionCookieValue, SESSION_MS } from '../src/web/auth/session';
import { readSignInToken, signInToken, SIGN_IN_LINK_MS } from '../src/web/auth/sign-in-link';
import { escapeHtml, html } from '../src/web/views/html';
import { parseEventForm } from '../src/web/event-form';
import { loadFlowCatalog } from '../src/runtime/flow-catalog';

const SECRET = 'unit-test-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const NOW = Date.parse('2026-12-01T10:00:00Z');

describe('web auth: tokens, sessions, sign-in links and CSRF', () => {
  it('opens a ticket only with its own token for its own customer', () => {
    const token = portalToken(SECRET, 'SOP-261201-AAAAA', 'C-1');
    expect(portalTokenValid(SECRET, 'SOP-261201-AAAAA', 'C-1', token)).to.equal(true);
    expect(portalTokenValid(SECRET, 'SOP-261201-BBBBB', 'C-1', token)).to.equal(false);
    expect(portalTokenValid(SECRET, 'SOP-261201-AAAAA', 'C-2', token)).to.equal(false);
    expect(portalTokenValid('another-secret-0123456789-abcdefghijklmnop', 'SOP-261201-AAAAA', 'C-1', token)).to.equal(false);
    expect(portalTokenValid(SECRET, 'SOP-261201-AAAAA', 'C-1', `${token.slice(0, -1)}x`)).to.equal(false);
    expect(portalTokenValid(SECRET, 'SOP-261201-AAAAA', 'C-1', undefined)).to.equal(false);
    expect(portalTokenValid(SECRET, 'SOP-261201-AAAAA', 'C-1', '')).to.equal(false);
    // Separators cannot be shifted between number and customer to forge another pair.
    expect(portalToken(SECRET, 'SOP-1', '2C')).not.to.equal(portalToken(SECRET, 'SOP-12', 'C'));
  });

  it('accepts a session cookie until it expires and never a forged one', () => {
    const cookie = sessionCookieValue(SECRET, 'a.schmidt', NOW);
    expect(readSession(SECRET, cookie, NOW + 1000)).to.include({ agent: 'a.schmidt' });
    expect(readSession(SECRET, cookie, NOW + SESSION_MS + 1)).to.equal(undefined);
    const [, expiry, id, signature] = cookie.split('~');
    expect(readSession(SECRET, ['s.hoffmann', expiry, id, signature].join('~'), NOW)).to.equal(undefined);
    expect(readSession(SECRET, ['a.schmidt', String(NOW + 10 * SESSION_MS), id, signature].join('~'), NOW)).to.equal(undefined);
    expect(readSession(SECRET, 'garbage', NOW)).to.equal(undefined);
  });

  it('reads a sign-in link for 15 minutes; whether it was used is for the redemption store', () => {
    const token = signInToken(SECRET, 'a.schmidt', NOW);
    const claim = readSignInToken(SECRET, token, NOW + SIGN_IN_LINK_MS - 1);
    expect(claim).to.include({ agent: 'a.schmidt', validUntil: NOW + SIGN_IN_LINK_MS });
    expect(readSignInToken(SECRET, token, NOW + SIGN_IN_LINK_MS)).to.equal(undefined);
    expect(readSignInToken(SECRET, token.replace('a.schmidt', 'm.schulz'), NOW)).to.equal(undefined);
    expect(signInToken(SECRET, 'a.schmidt', NOW)).not.to.equal(token);
  });

  it('binds CSRF tokens to their session', () => {
    const token = csrfToken(SECRET, 'session:abc');
    expect(csrfValid(SECRET, 'session:abc', token)).to.equal(true);
    expect(csrfValid(SECRET, 'session:abd', token)).to.equal(false);
    expect(csrfValid(SECRET, 'session:abc', undefined)).to.equal(false);
    expect(csrfValid(SECRET, 'session:abc', [token])).to.equal(false);
  });
});

describe('web views and forms', () => {
  it('escapes every interpolated value, once', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'\``)).to.equal('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;&#96;');
    const name = '<img src=x onerror=alert(1)>';
    expect(html`<p title="${name}">${name}</p>`.value).to.equal('<p title="&lt;img src=x onerror=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;</p>');
    expect(html`<ul>${['<a>', html`<b>ok</b>`]}</ul>`.value).to.equal('<ul>&lt;a&gt;<b>ok</b></ul>');
  });

  it('types form values by the declared fields and refuses bad ones with the engine’s words', () => {
    const flow = loadFlowCatalog('flows').flow('password-reset');
    expect(parseEventForm(flow, 'IDENTITY_CHECKED', { _csrf: 'x', verified: 'true', method: 'callback' })).to.deep.equal({ data: { verified: true, method: 'callback' }, problems: [] });
    expect(parseEventForm(flow, 'IDENTITY_CHECKED', { method: 'callback' }).data).to.deep.equal({ method: 'callback', verified: false });
    expect(parseEventForm(flow, 'IDENTITY_CHECKED', { verified: 'true', method: 'carrier pigeon' }).problems).to.deep.equal([
      "field 'method' must be one of callback, customer_number, postal_letter, got 'carrier pigeon'",
    ]);
    expect(parseEventForm(flow, 'ESCALATE', { reason: '' }).problems).to.deep.equal(["field 'reason' is required for ESCALATE"]);
    expect(parseEventForm(flow, 'ESCALATE', { reason: 'x', sneaky: 'y' }).problems).to.include("field 'sneaky' is not declared for ESCALATE");
    expect(parseEventForm(flow, 'ESCALATE', { reason: ['a', 'b'] }).problems).to.include("field 'reason' was sent more than once");
  });
});
