import * as oidc from 'openid-client';

// Sign-in with the company's identity provider: OpenID Connect authorization code flow with PKCE,
// through openid-client (discovery, state, nonce, PKCE, and the ID token's signature, issuer,
// audience, expiry and nonce checked). The ID token becomes the session's bearer token, which the API
// verifies again on every request (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE = this client's id).

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  redirectUri: string;
  scopes?: string | undefined;
}

/** What the portal keeps (signed, in a short-lived cookie) between the redirect and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
}

/** A reason a person can read; the library's own errors name protocol details instead. */
export class SignInRefused extends Error {}

export function createOidcClient(settings: OidcSettings) {
  let configuration: Promise<oidc.Configuration> | null = null;

  function discover(): Promise<oidc.Configuration> {
    // A confidential client authenticates with HTTP Basic, as most providers expect by default.
    const auth = settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None();
    // Plain http only for a provider on this machine (development and tests); production issuers are https.
    const local = new URL(settings.issuer).protocol === 'http:';
    configuration ??= oidc
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, auth, {
        execute: [oidc.enableNonRepudiationChecks, ...(local ? [oidc.allowInsecureRequests] : [])],
      })
      .catch((error: unknown) => {
        configuration = null; // Try again next time rather than caching a failure.
        throw error;
      });
    return configuration;
  }

  return {
    async start(next: string): Promise<{ location: string; pending: PendingSignIn }> {
      const config = await discover();
      const pending: PendingSignIn = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), next };
      const location = oidc.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUri,
        scope: settings.scopes ?? 'openid email profile',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      return { location: location.toString(), pending };
    },

    /** Exchanges the code for a verified ID token; throws SignInRefused with a reason otherwise. */
    async finish(params: URLSearchParams, pending: PendingSignIn | null): Promise<string> {
      if (params.get('error')) throw new SignInRefused(`The identity provider refused the sign-in: ${params.get('error_description') ?? params.get('error')}.`);
      if (!pending || params.get('state') !== pending.state) throw new SignInRefused('The sign-in response does not match a sign-in started here. Start again.');
      const config = await discover();
      const callback = new URL(settings.redirectUri);
      callback.search = params.toString();
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: pending.verifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
      } catch (error) {
        // Which check failed goes to the log through the cause; the person is told to start again.
        throw new SignInRefused('The identity provider\'s answer could not be verified. Start the sign-in again.', { cause: error });
      }
      if (!tokens.id_token) throw new SignInRefused('The identity provider returned no ID token.');
      return tokens.id_token;
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
