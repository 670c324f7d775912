export default [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  // Explicit body limits (koa-body's defaults, written out). Bodies without a Content-Length stop here; the
  // texting plugin checks its routes' own limits from Content-Length before this runs (issue 11).
  { name: 'strapi::body', config: { jsonLimit: '1mb', formLimit: '56kb', textLimit: '56kb' } },
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
