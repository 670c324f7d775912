import type { Core } from '@strapi/strapi';
import { registerNumberRulesMiddleware } from './guards/phone-number-rules';
import { registerInUseMiddleware } from './guards/in-use';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  registerNumberRulesMiddleware(strapi);
  registerInUseMiddleware(strapi);
};

export default register;
