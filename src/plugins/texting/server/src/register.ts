import type { Core } from '@strapi/strapi';
import { registerNumberRulesMiddleware } from './guards/phone-number-rules';
import { registerInUseMiddleware } from './guards/in-use';
import { registerDoorsMiddleware } from './guards/doors';
import { registerOfficeMigration } from './guards/office-migration';
import { registerSettingsRulesMiddleware } from './guards/settings-rules';
import { registerBodyLimits } from './middlewares/body-limits';
import { registerWebhookLane } from './middlewares/webhook-lane';
import { installProcessGuard } from './utils/process-guard';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // First, so that it is the outermost middleware: a refused call never reaches the others.
  registerDoorsMiddleware(strapi);
  registerNumberRulesMiddleware(strapi);
  registerInUseMiddleware(strapi);
  registerSettingsRulesMiddleware(strapi);
  registerOfficeMigration(strapi);
  registerBodyLimits(strapi);
  // After the body limits (an oversize Content-Length is refused before any of it is read).
  registerWebhookLane(strapi);
  installProcessGuard(strapi);
};

export default register;
