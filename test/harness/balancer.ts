import http from 'node:http';
import type { AddressInfo } from 'node:net';

// The load balancer in front of several API processes, as in production: round robin, and a request
// whose backend refuses the connection (its process is down) goes to the next one. Only a refused
// connection is retried, like nginx's default `proxy_next_upstream error` for non-idempotent requests:
// a request that reached a backend which then died is answered 502, and the client decides.

export interface Balancer {
  url: string;
  /** Requests each backend answered, by port. */
  served: Map<number, number>;
  close(): Promise<void>;
}

export async function startBalancer(backendPorts: number[], port = 0): Promise<Balancer> {
  const served = new Map(backendPorts.map((p) => [p, 0]));
  let next = 0;

  const server = http.createServer(async (request, response) => {
    const body = await readBody(request);
    const first = next++ % backendPorts.length;
    for (let tried = 0; tried < backendPorts.length; tried++) {
      const backend = backendPorts[(first + tried) % backendPorts.length]!;
      try {
        await forward(request, body, backend, response);
        served.set(backend, (served.get(backend) ?? 0) + 1);
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') continue;
        if (!response.headersSent) response.writeHead(502).end('backend failed');
        else response.destroy();
        return;
      }
    }
    response.writeHead(503, { 'retry-after': '1' }).end('no backend');
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Sends the request to the backend and streams its answer back; rejects before answering on a connection error. */
function forward(request: http.IncomingMessage, body: Buffer, port: number, response: http.ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    // The peer is the balancer (loopback); the API trusts X-Forwarded-For from loopback (TRUST_PROXY).
    const forwardedFor = [request.headers['x-forwarded-for'], request.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = http.request(
      { host: '127.0.0.1', port, method: request.method, path: request.url, headers: { ...request.headers, 'x-forwarded-for': forwardedFor } },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
        answer.on('end', () => resolve());
        answer.on('error', reject);
      },
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}
