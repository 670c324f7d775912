import type { Context, Next } from 'koa';
import { StatusError } from '../utils/errors';

/** Answers the plugin's StatusErrors (409, 502, 503…) with their own status, in Strapi's error shape. */
export default () => async (ctx: Context, next: Next) => {
  try {
    await next();
  } catch (error) {
    if (error instanceof StatusError) {
      ctx.status = error.httpStatus;
      ctx.body = {
        data: null,
        error: { status: error.httpStatus, name: error.name, message: error.message, details: error.details ?? {} },
      };
      return;
    }
    throw error;
  }
};
