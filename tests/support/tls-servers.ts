import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

export interface KeyPair {
  key: string;
  cert: string;
}

export interface TestCertificates {
  /** The certificate of a throwaway CA, to pass as the trusted `ca`. */
  caPem: string;
  /** Signed by that CA, for localhost, 127.0.0.1 and ::1. */
  server: KeyPair;
  /** Signed by itself, for localhost, 127.0.0.1 and ::1. */
  selfSigned: KeyPair;
}

const hostNames = 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1';
const newKey = '-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes';

/** Makes a CA, a server certificate it signs and a self-signed one, with the openssl CLI. */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-tls-'));
  const openssl = (command: string) =>
    execFileSync('openssl', command.split(/\s+/), { cwd: dir, stdio: 'pipe' });
  const read = (name: string) => readFileSync(path.join(dir, name), 'utf8');

  try {
    openssl(
      `req -x509 ${newKey} -days 2 -keyout ca.key -out ca.pem -subj /CN=hub-test-ca
       -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign`,
    );
    openssl(`req ${newKey} -keyout server.key -out server.csr -subj /CN=localhost`);
    writeFileSync(path.join(dir, 'server.ext'), `${hostNames}\nextendedKeyUsage=serverAuth\n`);
    openssl(
      `x509 -req -in server.csr -CA ca.pem -CAkey ca.key -days 2 -extfile server.ext
       -set_serial 0x${randomBytes(8).toString('hex')} -out server.pem`,
    );
    openssl(
      `req -x509 ${newKey} -days 2 -keyout self.key -out self.pem -subj /CN=localhost
       -addext ${hostNames}`,
    );

    return {
      caPem: read('ca.pem'),
      server: { key: read('server.key'), cert: read('server.pem') },
      selfSigned: { key: read('self.key'), cert: read('self.pem') },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TestServer {
  port: number;
  /** `https://127.0.0.1:<port>`, or `https://[::1]:<port>` on IPv6. */
  origin: string;
  /** TCP connections accepted so far. */
  connections: number;
  /** Requests received so far (HTTPS servers only). */
  requests: IncomingMessage[];
  /** The underlying server, to wait for its events. */
  server: tls.Server;
  close(): Promise<void>;
}

type Host = '127.0.0.1' | '::1';

async function listen(
  server: tls.Server,
  requests: IncomingMessage[],
  host: Host,
): Promise<TestServer> {
  const sockets = new Set<Socket>();
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    port,
    origin: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    get connections() {
      return connections;
    },
    requests,
    server,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An HTTPS server on loopback that records each request and lets `handle` answer it. */
export function startHttpsServer(
  pair: KeyPair,
  handle: (request: IncomingMessage, response: ServerResponse) => void,
  host: Host = '127.0.0.1',
): Promise<TestServer> {
  const requests: IncomingMessage[] = [];
  const server = https.createServer(pair, (request, response) => {
    requests.push(request);
    handle(request, response);
  });

  return listen(server, requests, host);
}

/** A server that completes TLS handshakes and says nothing, as a CTI interface would. */
export function startTlsServer(pair: KeyPair, host: Host = '127.0.0.1'): Promise<TestServer> {
  return listen(
    tls.createServer(pair, () => {}),
    [],
    host,
  );
}
