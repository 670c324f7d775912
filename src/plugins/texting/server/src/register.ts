import type { Core } from '@strapi/strapi';
import { registerNumberRulesMiddleware } from './guards/phone-number-rules';
import { registerInUseMiddleware } from './guards/in-use';
import { registerBodyLimits } from './middlewares/body-limits';
import { installProcessGuard } from './utils/process-guard';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  registerNumberRulesMiddleware(strapi);
  registerInUseMiddleware(strapi);
  registerBodyLimits(strapi);
  installProcessGuard(strapi);
};

export default register;
