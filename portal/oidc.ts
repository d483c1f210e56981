import { createHash, randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';

// Sign-in with the company's identity provider: OpenID Connect authorization code flow with PKCE.
// The provider's ID token becomes the session's bearer token; the API verifies it on every request
// against the provider's JWKS (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE = this client's id).

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  redirectUri: string;
  scopes?: string | undefined;
  fetch?: typeof fetch;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

/** What the portal keeps (signed, in a short-lived cookie) between the redirect and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

const random = () => randomBytes(32).toString('base64url');

export function createOidcClient(settings: OidcSettings) {
  const doFetch = settings.fetch ?? fetch;
  let discovery: Promise<Discovery> | null = null;

  function discover(): Promise<Discovery> {
    discovery ??= (async () => {
      const url = `${settings.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
      const response = await doFetch(url);
      if (!response.ok) throw new Error(`The identity provider's discovery document (${url}) answered ${response.status}.`);
      return (await response.json()) as Discovery;
    })().catch((error: unknown) => {
      discovery = null; // Try again next time rather than caching a failure.
      throw error;
    });
    return discovery;
  }

  return {
    async start(next: string): Promise<{ location: string; pending: PendingSignIn }> {
      const { authorization_endpoint } = await discover();
      const pending: PendingSignIn = { state: random(), nonce: random(), verifier: random(), next };
      const url = new URL(authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: settings.clientId,
        redirect_uri: settings.redirectUri,
        scope: settings.scopes ?? 'openid email profile',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: createHash('sha256').update(pending.verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      return { location: url.toString(), pending };
    },

    /** Exchanges the code for the ID token after checking state and nonce; throws with a reason otherwise. */
    async finish(params: URLSearchParams, pending: PendingSignIn | null): Promise<string> {
      if (params.get('error')) throw new Error(`The identity provider refused the sign-in: ${params.get('error_description') ?? params.get('error')}.`);
      if (!pending || params.get('state') !== pending.state) throw new Error('The sign-in response does not match a sign-in started here. Start again.');
      const code = params.get('code');
      if (!code) throw new Error('The identity provider sent no authorization code.');
      const { token_endpoint } = await discover();
      const body = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: settings.redirectUri,
        client_id: settings.clientId,
        code_verifier: pending.verifier,
      });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      if (settings.clientSecret) {
        headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`).toString('base64')}`;
      }
      const response = await doFetch(token_endpoint, { method: 'POST', headers, body });
      if (!response.ok) throw new Error(`The identity provider did not accept the authorization code (${response.status}).`);
      const tokens = (await response.json()) as { id_token?: string };
      if (!tokens.id_token) throw new Error('The identity provider returned no ID token.');
      // The signature is the API's to check (JWKS); here only that the token answers this sign-in.
      if (decodeJwt(tokens.id_token).nonce !== pending.nonce) throw new Error('The ID token was not issued for this sign-in.');
      return tokens.id_token;
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
