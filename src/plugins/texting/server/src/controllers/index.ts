import phoneNumbers from './phone-numbers';
import webhooks from './webhooks';
import inbox from './inbox';
import messages from './messages';
import provider from './provider';
import provisioning from './provisioning';
import campaigns from './campaigns';
import settings from './settings';
import reliability from './reliability';
import notifications from './notifications';
import audit from './audit';

export default {
  phoneNumbers,
  webhooks,
  inbox,
  messages,
  provider,
  provisioning,
  campaigns,
  settings,
  reliability,
  notifications,
  audit,
};
