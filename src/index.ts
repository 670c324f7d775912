// The host app adds nothing of its own: the product is the texting plugin in src/plugins/texting.
export default {
  register() {},
  bootstrap() {},
};
