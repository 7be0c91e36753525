import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import tls from 'node:tls';

import { describeNetworkError, resolveSafely, type OutboundOptions } from '@/lib/net/outbound';

/** What one interface's server certificate looks like, as an XspCertificate row stores it. */
export interface ServerCertificateFacts {
  subject: string | null;
  issuer: string | null;
  subjectAltNames: string[];
  validFrom: Date | null;
  validTo: Date | null;
  selfSigned: boolean;
  chainTrusted: boolean;
  hostnameMatches: boolean;
  fingerprintSha256: string | null;
  serialNumber: string | null;
  errorReason: string | null;
}

function failed(reason: string): ServerCertificateFacts {
  return {
    subject: null,
    issuer: null,
    subjectAltNames: [],
    validFrom: null,
    validTo: null,
    selfSigned: false,
    chainTrusted: false,
    hostnameMatches: false,
    fingerprintSha256: null,
    serialNumber: null,
    errorReason: reason.slice(0, 500),
  };
}

const oneLine = (name: string) => name.split('\n').join(', ').slice(0, 1000);

function isSelfSigned(certificate: X509Certificate): boolean {
  return certificate.checkIssued(certificate) && certificate.verify(certificate.publicKey);
}

/** The host and port an interface URL points at; the CTI interface may name its port apart. */
export function endpointOf(url: string, port?: number | null): { host: string; port: number } {
  const parsed = new URL(url);
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: port ?? Number(parsed.port || 443),
  };
}

/**
 * Reads the certificate a server presents, with a TLS handshake and nothing after it. The
 * handshake goes through whatever the certificate's state, so that an expired, self-signed
 * or misnamed certificate is described rather than refused; trust is judged against the
 * system's roots plus `options.ca`.
 */
export async function inspectServerCertificate(
  endpoint: { host: string; port: number },
  options: OutboundOptions,
): Promise<ServerCertificateFacts> {
  const { host, port } = endpoint;
  let resolved: { address: string; family: 4 | 6 };
  try {
    resolved = await resolveSafely(host, options);
  } catch (error) {
    return failed((error as Error).message);
  }

  return new Promise((resolve) => {
    const socket = tls.connect({
      host: resolved.address,
      port,
      servername: isIP(host) ? undefined : host,
      ca: options.ca ? [...tls.rootCertificates, options.ca] : undefined,
      rejectUnauthorized: false,
      // The name is judged on its own below; here `authorized` is to speak of the chain only.
      checkServerIdentity: () => undefined,
      timeout: options.timeoutMs,
    });
    let settled = false;
    const finish = (facts: ServerCertificateFacts) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      socket.destroy();
      resolve(facts);
    };
    const deadline = setTimeout(
      () => finish(failed(`No answer within ${options.timeoutMs} ms.`)),
      options.timeoutMs,
    );

    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      const certificate = socket.getPeerX509Certificate();
      if (!certificate) return finish(failed('The server presented no certificate.'));

      finish({
        subject: oneLine(certificate.subject),
        issuer: oneLine(certificate.issuer),
        subjectAltNames: certificate.subjectAltName?.split(', ').filter(Boolean) ?? [],
        validFrom: new Date(certificate.validFrom),
        validTo: new Date(certificate.validTo),
        selfSigned: isSelfSigned(certificate),
        // OpenSSL names an expired certificate's date as its fault even when the chain is
        // trusted, so an expired certificate also counts as untrusted here.
        chainTrusted: socket.authorized,
        hostnameMatches: tls.checkServerIdentity(host, peer) === undefined,
        fingerprintSha256: certificate.fingerprint256,
        serialNumber: certificate.serialNumber,
        errorReason: null,
      });
    });
    socket.once('timeout', () => finish(failed(`No answer within ${options.timeoutMs} ms.`)));
    socket.once('error', (error) => finish(failed(describeNetworkError(error))));
  });
}
