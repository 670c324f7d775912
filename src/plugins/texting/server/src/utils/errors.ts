import { errors } from '@strapi/utils';

/**
 * Errors that Strapi's own error middleware would answer with 400 but whose meaning is another status.
 * They extend ApplicationError, so every path still answers a 4xx with the message (the Content Manager
 * answers 400); the plugin's routes use the `texting-errors` middleware to answer with `httpStatus`.
 */
export class StatusError extends errors.ApplicationError {
  constructor(message: string, public httpStatus: number, name: string, details?: Record<string, unknown>) {
    super(message, details);
    (this as { name: string }).name = name;
  }
}

/** 409: the request is valid but the current state forbids it (a number in use, an overlapping campaign…). */
export class ConflictError extends StatusError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 409, 'ConflictError', details);
  }
}

/** 502: Plivo refused or failed; the message says what to do next. */
export class BadGatewayError extends StatusError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 502, 'BadGatewayError', details);
  }
}

/** 503: a dependency is not configured or not reachable right now. */
export class ServiceUnavailableError extends StatusError {
  constructor(message: string, details?: Record<string, unknown>) {
    super(message, 503, 'ServiceUnavailableError', details);
  }
}
