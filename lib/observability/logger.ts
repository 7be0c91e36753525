import pino from 'pino';

const slot = Symbol.for('partner-hub.logger');
type GlobalWithLogger = typeof globalThis & { [slot]?: pino.Logger };

// Secrets never belong in a log line; these paths are blanked should one slip into an object.
const redactPaths = [
  'password',
  'passwordHash',
  '*.password',
  '*.passwordHash',
  'headers.authorization',
  'headers.cookie',
  'token',
];

export function logger(): pino.Logger {
  const holder = globalThis as GlobalWithLogger;
  holder[slot] ??= pino({
    level: process.env.LOG_LEVEL ?? 'info',
    base: { service: 'partner-hub' },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
  return holder[slot];
}
