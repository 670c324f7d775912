// LOG_LEVEL=error keeps test and benchmark output readable; the default matches Strapi's own.
export default {
  level: process.env.LOG_LEVEL || 'http',
};
