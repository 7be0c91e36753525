import { NextRequest } from 'next/server';

import { POST as flowthrough } from '@/app/api/provisioning/[provisioningId]/route';
import { hashPassword } from '@/lib/auth/password';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { drainJobs } from '@/lib/jobs/worker';
import { newTrackingId } from '@/lib/observability/request-context';
import { provisioningHandlers } from '@/lib/provisioning/jobs';

import { uniqueSuffix } from '../support/seed';

const adapterPassword = 'customer tests adapter password';

export interface SeededTemplate {
  id: string;
  name: string;
  provisioningId: string;
  clusterId: string;
  clusterName: string;
}

/** A cluster and a template of the partner that BroadWorks can provision through. */
export async function seedTemplate(
  prisma: PrismaClient,
  options: { partnerId: string; clusterName?: string; templateName?: string },
): Promise<SeededTemplate> {
  const suffix = uniqueSuffix();
  const cluster = await prisma.cluster.create({
    data: {
      partnerId: options.partnerId,
      name: options.clusterName ?? `Cluster ${suffix}`,
      release: 'R25',
      xsiActionsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-actions',
      xsiEventsUrl: 'https://xsp.partner.example/com.broadsoft.xsi-events',
      authServiceUrl: 'https://xsp.partner.example/authservice',
    },
  });
  const template = await prisma.customerTemplate.create({
    data: {
      partnerId: options.partnerId,
      clusterId: cluster.id,
      name: options.templateName ?? `Template ${suffix}`,
      countryCode: 'NL',
      emailLanguage: 'nl',
      provisioningId: `prov${suffix}`,
      provisioningAccount: 'broadworks',
      provisioningPasswordHash: await hashPassword(adapterPassword),
    },
  });

  return {
    id: template.id,
    name: template.name,
    provisioningId: template.provisioningId,
    clusterId: cluster.id,
    clusterName: cluster.name,
  };
}

export interface ProvisionedUser {
  subscriberId: string;
  trackingId: string;
}

interface FlowthroughUser {
  userId: string;
  enterpriseId: string;
  enterpriseName?: string;
  email?: string;
  firstName?: string;
  lastName?: string;
}

/** Calls the template's flowthrough endpoint as BroadWorks does, under a TrackingID of our own. */
async function callFlowthrough(template: SeededTemplate, body: object) {
  const trackingId = newTrackingId();
  const path = `/api/provisioning/${template.provisioningId}`;
  const request = new NextRequest(`http://localhost:3000${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-tracking-id': trackingId,
      authorization: `Basic ${Buffer.from(`broadworks:${adapterPassword}`).toString('base64')}`,
    },
    body: JSON.stringify(body),
  });
  const response = await flowthrough(request, {
    params: Promise.resolve({ provisioningId: template.provisioningId }),
  });
  return { response, trackingId };
}

/** Adds a user through flowthrough; the first user of an enterprise creates its customer. */
export async function provisionUser(
  template: SeededTemplate,
  user: FlowthroughUser,
): Promise<ProvisionedUser> {
  const { response, trackingId } = await callFlowthrough(template, {
    operation: 'add',
    user: { serviceProviderId: 'sp-1', firstName: 'Anna', lastName: 'Jansen', ...user },
  });
  const body = (await response.json()) as { subscriberId?: string };
  if (response.status !== 202 || !body.subscriberId) {
    throw new Error(`flowthrough answered ${response.status}: ${JSON.stringify(body)}`);
  }

  return { subscriberId: body.subscriberId, trackingId };
}

/** Deletes a user through flowthrough, as unassigning its service does; answers the TrackingID. */
export async function deprovisionUser(template: SeededTemplate, userId: string): Promise<string> {
  const { response, trackingId } = await callFlowthrough(template, {
    operation: 'delete',
    user: { userId },
  });
  if (response.status >= 300) {
    throw new Error(`flowthrough answered ${response.status}: ${await response.text()}`);
  }
  return trackingId;
}

/** Runs the background work that is due, as the app's worker would. */
export function settle(prisma: PrismaClient) {
  return drainJobs({ prisma, handlers: provisioningHandlers });
}
