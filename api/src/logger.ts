import { pino } from 'pino';
import { env, isProduction } from './config/env.ts';

// Redact anything that could carry personal data or secrets, wherever it appears in a log object.
export const logger = pino({
  level: env.LOG_LEVEL,
  redact: {
    paths: [
      'password',
      '*.password',
      'token',
      '*.token',
      'authorization',
      '*.authorization',
      'residentId',
      '*.residentId',
      'phone',
      '*.phone',
      'variables',
    ],
    censor: '[redacted]',
  },
  ...(isProduction || env.NODE_ENV === 'test' ? {} : { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } }),
});
