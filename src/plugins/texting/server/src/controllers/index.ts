import phoneNumbers from './phone-numbers';
import webhooks from './webhooks';
import inbox from './inbox';
import messages from './messages';
import provider from './provider';
import provisioning from './provisioning';
import directory from './directory';
import campaigns from './campaigns';
import reliability from './reliability';

export default {
  phoneNumbers,
  webhooks,
  inbox,
  messages,
  provider,
  provisioning,
  directory,
  campaigns,
  reliability,
};
