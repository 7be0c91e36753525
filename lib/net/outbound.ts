import { lookup } from 'node:dns/promises';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import tls from 'node:tls';

/**
 * Outbound calls to hosts a partner typed in. Only https, only to addresses that are not
 * link-local, cloud metadata, multicast or (outside tests) loopback; no redirects; bounded
 * in time and size. The address is checked after resolution and the connection goes to
 * exactly that address, so a DNS answer cannot swap in another one.
 */
export interface OutboundOptions {
  allowLoopback: boolean;
  ca?: string;
  timeoutMs: number;
  maxBytes: number;
}

export function outboundDefaults(): OutboundOptions {
  const caFile = process.env.OUTBOUND_EXTRA_CA_FILE;
  return {
    allowLoopback: process.env.OUTBOUND_ALLOW_LOOPBACK === 'true',
    ca: caFile ? readFileSync(caFile, 'utf8') : undefined,
    timeoutMs: 5_000,
    maxBytes: 64 * 1024,
  };
}

export class OutboundRefused extends Error {}

const alwaysRefused = new BlockList();
alwaysRefused.addSubnet('0.0.0.0', 8, 'ipv4');
alwaysRefused.addSubnet('169.254.0.0', 16, 'ipv4');
alwaysRefused.addSubnet('224.0.0.0', 4, 'ipv4');
alwaysRefused.addSubnet('240.0.0.0', 4, 'ipv4');
alwaysRefused.addAddress('100.100.100.200', 'ipv4');
alwaysRefused.addAddress('::', 'ipv6');
alwaysRefused.addSubnet('fe80::', 10, 'ipv6');
alwaysRefused.addSubnet('ff00::', 8, 'ipv6');
alwaysRefused.addAddress('fd00:ec2::254', 'ipv6');

const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

function unmapped(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return { address: mapped[1]!, family: 'ipv4' };
  return { address, family: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export function refusalReason(rawAddress: string, allowLoopback: boolean): string | null {
  const { address, family } = unmapped(rawAddress);
  if (alwaysRefused.check(address, family)) {
    return `${address} is a link-local, metadata or reserved address`;
  }
  if (!allowLoopback && loopback.check(address, family)) return `${address} is a loopback address`;
  return null;
}

export async function resolveSafely(
  hostname: string,
  options: Pick<OutboundOptions, 'allowLoopback'>,
): Promise<{ address: string; family: 4 | 6 }> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare)
    ? [{ address: bare, family: isIP(bare) as 4 | 6 }]
    : ((await lookup(bare, { all: true })) as { address: string; family: 4 | 6 }[]);

  for (const { address } of addresses) {
    const reason = refusalReason(address, options.allowLoopback);
    if (reason) throw new OutboundRefused(`Refused to connect: ${reason}.`);
  }
  if (!addresses[0]) throw new OutboundRefused(`${hostname} did not resolve.`);
  return addresses[0];
}

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (error: null, list: { address: string; family: number }[]) => void)(
        null,
        [{ address, family }],
      );
    } else {
      callback(null, address, family);
    }
  };
}

export interface HttpsProbeResult {
  status?: number;
  error?: string;
}

/** One GET to an https URL: the status it answered with, or why there was no answer. */
export function httpsProbe(
  url: string,
  options: OutboundOptions & { headers?: Record<string, string> },
): Promise<HttpsProbeResult> {
  return httpsRequest(url, { ...options, method: 'GET' });
}

/** One POST of a body to an https URL, under the same rules as a probe. */
export function httpsPost(
  url: string,
  body: string,
  options: OutboundOptions & { headers?: Record<string, string> },
): Promise<HttpsProbeResult> {
  return httpsRequest(url, { ...options, method: 'POST', body });
}

async function httpsRequest(
  url: string,
  options: OutboundOptions & { method: string; body?: string; headers?: Record<string, string> },
): Promise<HttpsProbeResult> {
  const target = new URL(url);
  if (target.protocol !== 'https:') return { error: 'Only https URLs are checked.' };

  let resolved: { address: string; family: 4 | 6 };
  try {
    resolved = await resolveSafely(target.hostname, options);
  } catch (error) {
    return { error: (error as Error).message };
  }

  return new Promise((resolve) => {
    const request = https.request(target, {
      method: options.method,
      headers: { 'User-Agent': 'partner-hub-connectivity-check', ...options.headers },
      lookup: pinnedLookup(resolved.address, resolved.family),
      ca: options.ca ? [...tls.rootCertificates, options.ca] : undefined,
      agent: false,
      timeout: options.timeoutMs,
    });

    const deadline = setTimeout(
      () => request.destroy(new Error(`No answer within ${options.timeoutMs} ms.`)),
      options.timeoutMs,
    );

    request.on('timeout', () =>
      request.destroy(new Error(`No answer within ${options.timeoutMs} ms.`)),
    );
    request.on('error', (error) => {
      clearTimeout(deadline);
      resolve({ error: describeNetworkError(error) });
    });
    request.on('response', (response) => {
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > options.maxBytes) response.destroy();
      });
      response.on('close', () => {
        clearTimeout(deadline);
        resolve({ status: response.statusCode });
      });
    });
    request.end(options.body);
  });
}

/** A key pair the client presents when the server asks for one (mutual TLS). */
export interface ClientCertificate {
  key: string;
  cert: string;
}

// The server judges a client certificate after the client's side of the handshake is done:
// TLS 1.3 sends its verdict afterwards, and some servers verify only then and hang up. A
// connection still open this long after the handshake was accepted.
const clientVerdictMs = 1_000;

/** Set on a probe whose server hung up right after being shown the client certificate. */
export const clientCertificateNotAccepted = 'CLIENT_CERTIFICATE_NOT_ACCEPTED';

/** A TLS handshake with host:port, nothing more; for interfaces that are not plain https. */
export async function tlsProbe(
  host: string,
  port: number,
  options: OutboundOptions & { clientCertificate?: ClientCertificate },
): Promise<{ error?: string; code?: string }> {
  // A URL's hostname keeps IPv6 addresses in brackets; the certificate names them without.
  const name = host.replace(/^\[|\]$/g, '');
  let resolved: { address: string; family: 4 | 6 };
  try {
    resolved = await resolveSafely(name, options);
  } catch (error) {
    return { error: (error as Error).message };
  }

  return new Promise((resolve) => {
    const socket = tls.connect({
      host: resolved.address,
      port,
      servername: isIP(name) ? undefined : name,
      ca: options.ca ? [...tls.rootCertificates, options.ca] : undefined,
      key: options.clientCertificate?.key,
      cert: options.clientCertificate?.cert,
      timeout: options.timeoutMs,
      checkServerIdentity: (_name, certificate) => tls.checkServerIdentity(name, certificate),
    });
    let settled = false;
    const finish = (result: { error?: string; code?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      resolve(result);
    };
    const deadline = setTimeout(
      () => finish({ error: `No answer within ${options.timeoutMs} ms.` }),
      options.timeoutMs,
    );

    socket.once('secureConnect', () => {
      if (!options.clientCertificate) return finish({});

      const hungUp = () =>
        finish({
          error: 'The server closed the connection without accepting the client certificate.',
          code: clientCertificateNotAccepted,
        });
      socket.once('end', hungUp);
      socket.once('close', hungUp);
      socket.once('data', () => finish({}));
      setTimeout(() => finish({}), Math.min(clientVerdictMs, options.timeoutMs)).unref();
    });
    socket.once('timeout', () => finish({ error: `No answer within ${options.timeoutMs} ms.` }));
    socket.once('error', (error: Error & { code?: string }) =>
      finish({ error: describeNetworkError(error), code: error.code }),
    );
  });
}

export function describeNetworkError(error: Error & { code?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'The connection was refused.';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'The host name did not resolve.';
    case 'ETIMEDOUT':
      return 'The connection timed out.';
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
      return 'The server presented a self-signed certificate.';
    case 'CERT_HAS_EXPIRED':
      return 'The server certificate has expired.';
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return 'The server certificate does not match the host name.';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'The server certificate is not signed by a trusted authority.';
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
      return 'The server refused the client certificate: it does not trust the CA that signed it.';
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED':
      return 'The server requires a client certificate.';
    default:
      return error.message;
  }
}
