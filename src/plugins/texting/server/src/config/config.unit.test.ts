import config, { type TextingConfig } from '.';

type Env = Parameters<typeof config.default>[0]['env'];

/** A Strapi-like `env` over `vars` (Strapi's `env.int` is parseInt, NaN for text). */
const envOf = (vars: Record<string, string>): Env =>
  Object.assign((key: string, fallback?: string) => vars[key] ?? fallback ?? '', {
    bool: (key: string, fallback?: boolean) => (key in vars ? vars[key] === 'true' : Boolean(fallback)),
    int: (key: string, fallback?: number) => (key in vars ? parseInt(vars[key], 10) : (fallback as number)),
  });

const check = (vars: Record<string, string>) => {
  const previous = process.env.TEXTING_NOTIFICATION_RETENTION_DAYS;
  if (vars.TEXTING_NOTIFICATION_RETENTION_DAYS !== undefined) process.env.TEXTING_NOTIFICATION_RETENTION_DAYS = vars.TEXTING_NOTIFICATION_RETENTION_DAYS;
  try {
    const value = config.default({ env: envOf(vars) }) as TextingConfig;
    config.validator(value);
    return value;
  } finally {
    if (previous === undefined) delete process.env.TEXTING_NOTIFICATION_RETENTION_DAYS;
    else process.env.TEXTING_NOTIFICATION_RETENTION_DAYS = previous;
  }
};

describe('TEXTING_NOTIFICATION_RETENTION_DAYS', () => {
  it('defaults to 90 days and takes a whole number of days', () => {
    expect(check({}).notifications.retentionDays).toBe(90);
    expect(check({ TEXTING_NOTIFICATION_RETENTION_DAYS: '30' }).notifications.retentionDays).toBe(30);
  });

  it('stops boot naming the variable for 0, a negative number or text', () => {
    for (const value of ['0', '-5', 'ninety']) {
      expect(() => check({ TEXTING_NOTIFICATION_RETENTION_DAYS: value })).toThrow(
        `Texting: TEXTING_NOTIFICATION_RETENTION_DAYS must be a whole number of days above 0 (default 90), got "${value}"`
      );
    }
  });
});
