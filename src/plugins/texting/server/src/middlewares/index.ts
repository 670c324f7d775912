import textingErrors from './texting-errors';

export default {
  'texting-errors': textingErrors,
};
