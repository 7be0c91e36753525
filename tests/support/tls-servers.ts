import 'reflect-metadata';

import { execFileSync } from 'node:child_process';
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

import * as x509 from '@peculiar/x509';

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

/** A server that completes TLS handshakes only with a client certificate signed by `clientCa`. */
export function startMutualTlsServer(
  pair: KeyPair,
  clientCa: string,
  host: Host = '127.0.0.1',
): Promise<TestServer> {
  const server = tls.createServer(
    { ...pair, ca: clientCa, requestCert: true, rejectUnauthorized: true },
    () => {},
  );
  // A refused client shows up here; the test looks at what the client saw instead.
  server.on('tlsClientError', () => {});

  return listen(server, [], host);
}

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ecdsa = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const dayMs = 86_400_000;

/** A CA made in process, able to sign further test certificates. */
export interface TestAuthority extends KeyPair {
  signingKey: CryptoKey;
  name: string;
}

function pemOfKey(der: ArrayBuffer): string {
  const body = Buffer.from(der)
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ecdsa, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function exportKey(key: CryptoKey): Promise<string> {
  return pemOfKey(await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey));
}

export async function createTestAuthority(name = 'hub-test-ca'): Promise<TestAuthority> {
  const keys = await newKeys();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${name}`,
    notBefore: new Date(Date.now() - dayMs),
    notAfter: new Date(Date.now() + 365 * dayMs),
    keys,
    signingAlgorithm: ecdsa,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true),
    ],
  });

  return {
    name: `CN=${name}`,
    cert: certificate.toString('pem'),
    key: await exportKey(keys.privateKey),
    signingKey: keys.privateKey,
  };
}

export interface TestCertificateOptions {
  /** Host names and addresses the certificate is for; loopback by default. */
  names?: string[];
  /** Days from now; negative for the past. */
  notBeforeDays?: number;
  notAfterDays?: number;
  /** Signed by this CA; by itself when absent. */
  issuer?: TestAuthority;
  purpose?: 'server' | 'client';
}

/** A certificate with whatever names and dates a test needs, such as an expired one. */
export async function issueTestCertificate(options: TestCertificateOptions = {}): Promise<KeyPair> {
  const names = options.names ?? ['localhost', '127.0.0.1', '::1'];
  const keys = await newKeys();
  const subject = `CN=${names[0] ?? 'test'}`;
  const common = {
    serialNumber: randomBytes(8)
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    notBefore: new Date(Date.now() + (options.notBeforeDays ?? -1) * dayMs),
    notAfter: new Date(Date.now() + (options.notAfterDays ?? 90) * dayMs),
    signingAlgorithm: ecdsa,
    extensions: [
      new x509.SubjectAlternativeNameExtension(
        names.map((value) => ({ type: /^[\d.:]+$/.test(value) ? 'ip' : 'dns', value }) as const),
      ),
      new x509.ExtendedKeyUsageExtension([
        options.purpose === 'client'
          ? x509.ExtendedKeyUsage.clientAuth
          : x509.ExtendedKeyUsage.serverAuth,
      ]),
    ],
  };
  const certificate = options.issuer
    ? await x509.X509CertificateGenerator.create({
        ...common,
        subject,
        issuer: options.issuer.name,
        publicKey: keys.publicKey,
        signingKey: options.issuer.signingKey,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({ ...common, name: subject, keys });

  return { cert: certificate.toString('pem'), key: await exportKey(keys.privateKey) };
}
