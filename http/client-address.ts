import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

// Who is calling, as far as the network can tell: the rate limits and the link audit key on it. A
// forwarded-for header is only believed from a proxy the operator named (TRUST_PROXY), and then only
// up to the first address that is not one of those proxies: anything further left was written by the
// client and could name anyone.

export type ClientAddress = (req: IncomingMessage) => string;

/** No trusted proxies: the socket's peer. Otherwise the nearest address that is not a trusted proxy. */
export function clientAddressResolver(trustedProxies: string[] = []): ClientAddress {
  if (trustedProxies.length === 0) return (req) => req.socket?.remoteAddress ?? 'unknown';
  const trust = proxyaddr.compile(trustedProxies);
  return (req) => (req.socket ? proxyaddr(req, trust) : 'unknown');
}

/** The default for servers built without settings (tests, tools): no proxy is trusted. */
export const socketAddress: ClientAddress = clientAddressResolver();
