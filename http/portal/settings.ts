import type { Config } from '../../config/index.js';
import type { OidcSettings } from '../auth/oidc.js';

/** How the API process serves the portal: its secret, public address and identity provider. */
export interface PortalSettings {
  secret: string;
  publicUrl: string;
  oidc?: OidcSettings | undefined;
}

export function portalSettings(config: Config): PortalSettings {
  const oidc =
    config.OIDC_ISSUER && config.OIDC_CLIENT_ID
      ? {
          issuer: config.OIDC_ISSUER,
          clientId: config.OIDC_CLIENT_ID,
          clientSecret: config.OIDC_CLIENT_SECRET,
          redirectUri: `${config.PUBLIC_URL.replace(/\/$/, '')}/auth/callback`,
          scopes: config.OIDC_SCOPES,
        }
      : undefined;
  return { secret: config.PORTAL_SECRET, publicUrl: config.PUBLIC_URL, oidc };
}
