export default () => ({
  texting: { enabled: true, resolve: './src/plugins/texting' },
});
