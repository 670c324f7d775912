import numbers from './numbers';
import demo from './demo';
import routing from './routing';
import inbox from './inbox';
import optOut from './opt-out';
import bot from './bot';
import history from './history';
import provider from './provider';
import provisioning from './provisioning';
import campaigns from './campaigns';
import dispatcher from './campaigns/dispatcher';

export default {
  numbers,
  demo,
  routing,
  inbox,
  optOut,
  bot,
  history,
  provider,
  provisioning,
  campaigns,
  dispatcher,
};
