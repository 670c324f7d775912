export default ({ env }: { env: any }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  app: { keys: env.array('APP_KEYS') },
  // Cron tasks are registered by the texting plugin; CRON_ENABLED=false turns them off for one instance.
  cron: { enabled: env.bool('CRON_ENABLED', true) },
});
