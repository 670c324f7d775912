/**
 * Plugin configuration, read from the environment (see the README's table).
 * Plivo credentials are all-or-nothing: a half-set configuration stops boot naming what is missing,
 * because a provider that can buy numbers but not verify webhooks (or the reverse) fails far from the cause.
 */
export interface TextingConfig {
  plivo: {
    authId: string;
    authToken: string;
    appId: string;
    apiUrl: string;
    simulated: boolean;
    /** Per Plivo API call; a hung Plivo becomes ProviderError('timeout') after this (PLIVO_TIMEOUT_MS). */
    timeoutMs: number;
  };
  publicUrl: string;
  dispatch: { ratePerSecond: number; batchSize: number };
  seedDemo: boolean;
  jobs: boolean;
  notifications: {
    /** Notifications (and their read marks) older than this are deleted by a daily job (TEXTING_NOTIFICATION_RETENTION_DAYS). */
    retentionDays: number;
  };
}

type Env = ((key: string, fallback?: string) => string) & {
  bool: (key: string, fallback?: boolean) => boolean;
  int: (key: string, fallback?: number) => number;
};

const PLIVO_VARS = ['PLIVO_AUTH_ID', 'PLIVO_AUTH_TOKEN', 'PLIVO_APP_ID', 'PUBLIC_URL'] as const;

export function checkPlivoEnv(read: (name: string) => string | undefined): void {
  const set = PLIVO_VARS.filter((v) => (read(v) ?? '') !== '');
  const plivoSet = set.filter((v) => v !== 'PUBLIC_URL');
  if (plivoSet.length === 0) return;
  const missing = PLIVO_VARS.filter((v) => !set.includes(v));
  if (missing.length > 0) {
    throw new Error(
      `Texting: Plivo is half configured; set ${missing.join(', ')} (or unset ${plivoSet.join(', ')} to run without Plivo).`
    );
  }
}

export default {
  default: ({ env }: { env: Env }) => ({
    plivo: {
      authId: env('PLIVO_AUTH_ID', ''),
      authToken: env('PLIVO_AUTH_TOKEN', ''),
      appId: env('PLIVO_APP_ID', ''),
      apiUrl: env('PLIVO_API_URL', 'https://api.plivo.com'),
      simulated: env.bool('PLIVO_SIMULATED', false),
      timeoutMs: env.int('PLIVO_TIMEOUT_MS', 10000),
    },
    publicUrl: env('PUBLIC_URL', ''),
    dispatch: {
      ratePerSecond: env.int('TEXTING_SEND_RATE', 10),
      batchSize: env.int('TEXTING_SEND_BATCH', 50),
    },
    seedDemo: env.bool('TEXTING_SEED_DEMO', false),
    jobs: env.bool('TEXTING_JOBS', true),
    notifications: {
      retentionDays: env.int('TEXTING_NOTIFICATION_RETENTION_DAYS', 90),
    },
  }),
  validator(config: TextingConfig) {
    checkPlivoEnv((name) => process.env[name]);
    if (config.publicUrl && !/^https?:\/\/[^/]+/.test(config.publicUrl)) {
      throw new Error(`Texting: PUBLIC_URL must be an origin such as https://texting.example.edu, got "${config.publicUrl}"`);
    }
    if (!Number.isInteger(config.plivo.timeoutMs) || config.plivo.timeoutMs <= 0) {
      throw new Error(`Texting: PLIVO_TIMEOUT_MS must be a positive number of milliseconds, got "${process.env.PLIVO_TIMEOUT_MS}"`);
    }
    if (!Number.isInteger(config.notifications.retentionDays) || config.notifications.retentionDays <= 0) {
      throw new Error(
        `Texting: TEXTING_NOTIFICATION_RETENTION_DAYS must be a whole number of days above 0 (default 90), got "${process.env.TEXTING_NOTIFICATION_RETENTION_DAYS}"`
      );
    }
    if (!/^https?:\/\/[^/]+$/.test(config.plivo.apiUrl.replace(/\/$/, ''))) {
      throw new Error(`Texting: PLIVO_API_URL must be an origin such as https://api.plivo.com, got "${config.plivo.apiUrl}"`);
    }
  },
};
