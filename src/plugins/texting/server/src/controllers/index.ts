import phoneNumbers from './phone-numbers';
import provider from './provider';

export default {
  phoneNumbers,
  provider,
};
