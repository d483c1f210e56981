import type { ReadChannel } from '../domain/read-audit.js';
import type { Viewer } from '../domain/viewer.js';
import type { Services } from '../services/index.js';

/** What every resolver gets: the services, who is asking, and from where. */
export interface GraphQLContext extends Services {
  viewer: Viewer | null;
  /** The caller's network address (through trusted proxies only), for rate limits and the audit log. */
  clientAddress?: string;
  /** How the read audit names the door a read came through: the portal's in-process calls say so, others are graphql. */
  readChannel?: ReadChannel;
}
