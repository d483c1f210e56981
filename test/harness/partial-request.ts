import { type IncomingHttpHeaders, request } from 'node:http';

// A POST whose body the test sends piece by piece, for checking what a server does before a body has
// arrived: whether it answers from the headers alone, and what it has written to disk meanwhile.

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface OpenRequest {
  /** The server's answer, whenever it comes (possibly before the body is complete). */
  answer: Promise<Answer>;
  write(chunk: Buffer | string): Promise<void>;
  end(chunk?: Buffer | string): void;
  /** Gives up on the request (the test is done with it). */
  abort(): void;
}

export function openPost(url: string, headers: Record<string, string>): OpenRequest {
  const req = request(url, { method: 'POST', headers });
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    // A server that answers early and closes makes the rest of the upload fail: that is the point.
    req.on('error', (error) => reject(error));
  });
  // Observed by `answeredWithin`; an unanswered request must not fail the test on its own.
  answer.catch(() => undefined);
  req.flushHeaders();
  return {
    answer,
    write: (chunk) =>
      new Promise<void>((resolve) => {
        if (req.destroyed) return resolve();
        req.write(chunk, () => resolve());
      }),
    end: (chunk) => {
      if (!req.destroyed) req.end(chunk);
    },
    abort: () => req.destroy(),
  };
}

/** The answer if it comes within `ms`, else null: a server still reading the body has not answered. */
export async function answeredWithin(open: OpenRequest, ms: number): Promise<Answer | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([open.answer, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A multipart body in two halves around one file's bytes, so the file can be sent as slowly as a test likes. */
export function multipartAround(fields: Record<string, string>, file: { field: string; name: string; type: string }) {
  const boundary = `----certiflow-test-${Math.random().toString(16).slice(2)}`;
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  const head = `${parts.join('')}--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`;
  return { contentType: `multipart/form-data; boundary=${boundary}`, head: Buffer.from(head), tail: Buffer.from(`\r\n--${boundary}--\r\n`) };
}
