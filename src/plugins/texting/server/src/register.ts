import type { Core } from '@strapi/strapi';
import { registerNumberRulesMiddleware } from './guards/phone-number-rules';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  registerNumberRulesMiddleware(strapi);
};

export default register;
