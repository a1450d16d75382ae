// Sign-in: OAuth2 authorization code + PKCE (S256) against the configured issuer. The access token lives in this
// tab's sessionStorage only and is sent as a Bearer token, like any other API client.
const KEY = 'cloudstorage.session';

let config;

export async function loadConfig() {
  if (!config) {
    const response = await fetch('/ui/config.json', { cache: 'no-store' });
    if (!response.ok) throw new Error('Could not load the sign-in settings');
    config = await response.json();
  }
  return config;
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

export async function signIn() {
  const { issuer, clientId, scopes } = await loadConfig();
  const verifier = randomString();
  const state = randomString();
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(KEY + '.pkce', JSON.stringify({ verifier, state, back: location.hash || '#/' }));
  const params = new URLSearchParams({
    response_type: 'code', client_id: clientId, redirect_uri: redirectUri(), scope: scopes,
    code_challenge: challenge, code_challenge_method: 'S256', state,
  });
  location.assign(`${issuer}/oauth2/authorize?${params}`);
}

function redirectUri() {
  return `${location.origin}/login/callback`;
}

/** Completes a sign-in when the issuer sent the browser back here; returns the hash to show next. */
export async function completeSignIn() {
  if (location.pathname !== '/login/callback') return null;
  const params = new URLSearchParams(location.search);
  const saved = JSON.parse(sessionStorage.getItem(KEY + '.pkce') || 'null');
  sessionStorage.removeItem(KEY + '.pkce');
  if (!saved || params.get('state') !== saved.state || !params.get('code')) {
    throw new Error('The sign-in could not be completed. Please try again.');
  }
  const { issuer, clientId } = await loadConfig();
  const response = await fetch(`${issuer}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: clientId, code_verifier: saved.verifier,
    }),
  });
  if (!response.ok) throw new Error('The sign-in was refused by the issuer.');
  const token = await response.json();
  sessionStorage.setItem(KEY, JSON.stringify({
    accessToken: token.access_token, expiresAt: Date.now() + (token.expires_in || 300) * 1000,
  }));
  history.replaceState(null, '', '/' + saved.back);
  return saved.back;
}

export function session() {
  const saved = JSON.parse(sessionStorage.getItem(KEY) || 'null');
  if (!saved || saved.expiresAt < Date.now() + 5000) return null;
  const claims = JSON.parse(atob(saved.accessToken.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
  const scopes = Array.isArray(claims.scope) ? claims.scope : String(claims.scope || claims.scp || '').split(' ');
  return { token: saved.accessToken, subject: claims.sub, scopes: new Set(scopes.filter(Boolean)) };
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  location.assign('/');
}
