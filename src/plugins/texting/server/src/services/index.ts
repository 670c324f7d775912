import numbers from './numbers';

export default {
  numbers,
};
