import { randomBytes, randomUUID } from 'node:crypto';

// Creating a template hashes its password with argon2; well below this even on a busy machine.
const answerMs = 30_000;

export interface FlowthroughCredential {
  provisioningId: string;
  account: string;
  password: string;
}

class Cookies {
  private readonly values = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const separator = pair!.indexOf('=');
      if (separator > 0) this.values.set(pair!.slice(0, separator), pair!.slice(separator + 1));
    }
  }

  header(): string {
    return [...this.values].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function expectStatus(response: Response, status: number, step: string): Promise<unknown> {
  const text = await response.text();
  if (response.status !== status) {
    throw new Error(`${step}: expected ${status}, got ${response.status}: ${text.slice(0, 500)}`);
  }
  return text ? JSON.parse(text) : undefined;
}

/** Signs in the way next-auth's own client does and returns the session cookies. */
export async function signIn(
  baseUrl: string,
  credentials: { email: string; password: string },
): Promise<string> {
  const cookies = new Cookies();

  const csrf = await fetch(`${baseUrl}/api/auth/csrf`, { signal: AbortSignal.timeout(answerMs) });
  cookies.take(csrf);
  const { csrfToken } = (await expectStatus(csrf, 200, 'csrf token')) as { csrfToken: string };

  const signedIn = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: baseUrl,
      Cookie: cookies.header(),
    },
    body: new URLSearchParams({ ...credentials, csrfToken, json: 'true' }),
    signal: AbortSignal.timeout(answerMs),
  });
  cookies.take(signedIn);
  await expectStatus(signedIn, 200, 'sign-in');
  if (!cookies.header().includes('session-token')) throw new Error('sign-in set no session');

  return cookies.header();
}

async function post(baseUrl: string, cookie: string, path: string, body: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl, Cookie: cookie },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(answerMs),
  });
  return expectStatus(response, 201, `POST ${path}`);
}

/** A cluster and a customer template with flowthrough on, created through the admin API. */
export async function seedTemplate(
  baseUrl: string,
  cookie: string,
): Promise<FlowthroughCredential> {
  // Names are unique per partner, and one database may be seeded more than once.
  const suffix = randomUUID().slice(0, 8);
  const cluster = (await post(baseUrl, cookie, '/api/clusters', {
    name: `Bench cluster ${suffix}`,
    release: 'R26',
    xsiActionsUrl: 'https://xsp.bench.example/com.broadsoft.xsi-actions',
    xsiEventsUrl: 'https://xsp.bench.example/com.broadsoft.xsi-events',
    authServiceUrl: 'https://xsp.bench.example/authservice',
    authUseCloudToken: false,
    directBroadWorksAuth: false,
    callHistorySync: false,
    dndSync: false,
    assistantStatusSync: false,
  })) as { id: string };

  const account = 'bench-adapter';
  const password = randomBytes(18).toString('base64url');
  const template = (await post(baseUrl, cookie, '/api/templates', {
    name: `Bench template ${suffix}`,
    countryCode: 'NL',
    emailLanguage: 'en',
    clusterId: cluster.id,
    flowthroughEnabled: true,
    provisioningAccount: account,
    provisioningPassword: password,
    provisioningPasswordConfirm: password,
    createOrgsAutomatically: true,
    spAdminEmail: '',
    orgMode: 'enterprise',
    defaultPackage: 'standard',
    disableFreeCalling: false,
    callInNumbers: 'cloud',
    emailTrust: 'trusted',
    provisionAdminFirst: false,
    allowSelfActivation: false,
    authenticationMode: 'broadworks',
    prefillLoginEmail: false,
    directorySync: false,
    partnerAdminDisplayName: '',
  })) as { provisioningId: string };

  return { provisioningId: template.provisioningId, account, password };
}

/** The body of an add for user `index` of a run; users spread evenly over the enterprises. */
export function addBody(prefix: string, index: number, enterprises: number): string {
  const enterprise = index % enterprises;
  return JSON.stringify({
    operation: 'add',
    user: {
      userId: `${prefix}-u${index}@bench.example`,
      serviceProviderId: 'bench-sp',
      enterpriseId: `${prefix}-e${enterprise}`,
      enterpriseName: `Bench enterprise ${prefix} ${enterprise}`,
      firstName: 'Bench',
      lastName: `User ${index}`,
      // A domain of its own per enterprise: a domain belongs to the customer that used it first.
      email: `u${index}@${prefix}-e${enterprise}.bench.example`,
    },
  });
}
