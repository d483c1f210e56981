// A small route table: method, a path with `:name` segments, and the handler. Enough for a
// server-rendered portal without pulling in a framework.

export interface Route<H> {
  method: 'GET' | 'POST';
  path: string;
  handler: H;
  /** A POST that takes multipart/form-data (file uploads) as well as an ordinary form. */
  multipart?: boolean;
}

interface Compiled<H> extends Route<H> {
  pattern: RegExp;
  names: string[];
}

export interface Match<H> {
  handler: H;
  params: Record<string, string>;
  /** Set on routes that take multipart forms. */
  multipart?: true;
}

export function createRouter<H>(routes: Route<H>[]) {
  const compiled: Compiled<H>[] = routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    return { ...route, names, pattern: new RegExp(`^${source}/?$`) };
  });
  return {
    /** The matching route, `'method'` when only the method is wrong, or null. */
    match(method: string, pathname: string): Match<H> | 'method' | null {
      let pathMatched = false;
      for (const route of compiled) {
        const found = route.pattern.exec(pathname);
        if (!found) continue;
        pathMatched = true;
        if (route.method !== method && !(route.method === 'GET' && method === 'HEAD')) continue;
        const params: Record<string, string> = {};
        for (const [i, name] of route.names.entries()) {
          try {
            params[name] = decodeURIComponent(found[i + 1]!);
          } catch {
            return null;
          }
        }
        return { handler: route.handler, params, ...(route.multipart ? { multipart: true as const } : {}) };
      }
      return pathMatched ? 'method' : null;
    },
  };
}
