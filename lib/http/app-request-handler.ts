import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';

import { logger } from '@/lib/observability/logger';
import {
  newTrackingId,
  requestContextStore,
  type RequestContext,
} from '@/lib/observability/request-context';
import {
  isRecordedRoute,
  requestLogRow,
  type RequestLogWriter,
} from '@/lib/observability/request-log';
import { flowthroughCallOf, serveFlowthrough } from '@/lib/provisioning/node-endpoint';

// Headers the app trusts only because this server sets them; whatever a client sent is dropped.
const internalHeaders = ['x-client-ip', 'x-tracking-id'];

function clientIpOf(request: IncomingMessage, trustProxy: boolean): string {
  const socketAddress = request.socket.remoteAddress ?? 'unknown';
  if (!trustProxy) return socketAddress;

  // The proxy in front appends the address it saw; earlier entries are the client's word.
  const forwarded = String(request.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((part) => part.trim());
  return forwarded.at(-1) || socketAddress;
}

function answerUnhandled(response: ServerResponse, trackingId: string): void {
  if (response.headersSent) return;
  response.statusCode = 500;
  response.setHeader('Content-Type', 'application/json');
  response.end(
    JSON.stringify({
      message: 'Something went wrong on our side.',
      errors: [{ description: 'Quote the TrackingID when you contact support.' }],
      trackingId,
    }),
  );
}

/**
 * The app's front door: every request gets a TrackingID and a request context, is logged
 * when answered, and goes either to the flowthrough fast path or to Next.
 */
export function appRequestHandler(options: {
  trustProxy: boolean;
  requestLog: Pick<RequestLogWriter, 'record'>;
  handleNext: (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}): RequestListener {
  const store = requestContextStore();

  return (request, response) => {
    const started = performance.now();
    for (const name of internalHeaders) delete request.headers[name];

    const context: RequestContext = {
      trackingId: newTrackingId(),
      clientIp: clientIpOf(request, options.trustProxy),
    };
    request.headers['x-tracking-id'] = context.trackingId;
    request.headers['x-client-ip'] = context.clientIp;
    response.setHeader('TrackingID', context.trackingId);

    response.on('finish', () => {
      const route = (request.url ?? '/').split('?')[0];
      const line = {
        method: request.method,
        route,
        status: response.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        trackingId: context.trackingId,
        partnerId: context.partnerId,
        userId: context.userId,
        clientIp: context.clientIp,
        credential: context.credential,
        errorCode: context.errorCode,
      };
      if (route?.startsWith('/_next/')) logger().debug(line, 'request');
      else logger().info(line, 'request');

      if (isRecordedRoute(route)) options.requestLog.record(requestLogRow(line, context));
    });

    const provisioningId = flowthroughCallOf(request);
    store.run(context, () => {
      const answered = provisioningId
        ? serveFlowthrough(request, response, { provisioningId, ...context })
        : options.handleNext(request, response);
      answered.catch((error: unknown) => {
        logger().error({ err: error, trackingId: context.trackingId }, 'unhandled request error');
        answerUnhandled(response, context.trackingId);
      });
    });
  };
}
