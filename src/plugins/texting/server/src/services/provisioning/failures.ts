import { errors } from '@strapi/utils';
import { ProviderError } from '../../provider/types';
import { BadGatewayError, ConflictError, ServiceUnavailableError } from '../../utils/errors';

/**
 * A provider failure as the admin should see it: 503 when Plivo is not configured (nothing the admin can
 * retry), 502 otherwise, with the adapter's message (what happened, what to do) and what it means here.
 * Anything that is not a ProviderError is returned unchanged.
 */
export function providerFailure(err: unknown, consequence: string): unknown {
  if (!(err instanceof ProviderError)) return err;
  const details = { provider: 'plivo', kind: err.kind, plivoStatus: err.status ?? null, retryable: err.retryable };
  if (err.kind === 'not_configured') {
    return new ServiceUnavailableError(`${err.message}. ${consequence}`, details);
  }
  return new BadGatewayError(`${err.message} ${consequence}`.trim(), details);
}

/** The buy's own 4xx cases: the request named a number Plivo will not sell us. */
export function buyRefusal(err: ProviderError, phoneNumber: string): unknown {
  const details = { provider: 'plivo', kind: err.kind, plivoStatus: err.status ?? null, retryable: false };
  if (err.kind === 'not_found') {
    return new ConflictError(
      `${phoneNumber} is no longer available at Plivo (someone else may have bought it). Search again and pick another number. Nothing was bought.`,
      details
    );
  }
  if (/already rented/i.test(err.message)) {
    return new ConflictError(
      `${phoneNumber} is already rented on the Plivo account but is not managed here. Provider sync lists it as unmanaged; release it in Plivo or pick another number.`,
      details
    );
  }
  return new errors.ValidationError(`${err.message} Pick another number, or check the Plivo account. Nothing was bought.`, details);
}
