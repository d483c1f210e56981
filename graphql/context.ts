import type { Viewer } from '../domain/viewer.js';
import type { Services } from '../services/index.js';

/** What every resolver gets: the services, who is asking, and from where. */
export interface GraphQLContext extends Services {
  viewer: Viewer | null;
  /** The caller's network address (through trusted proxies only), for rate limits and the audit log. */
  clientAddress?: string;
}
