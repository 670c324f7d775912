/** Types of scripts/env.js for the TypeScript tests. */
export function devSecrets(): Record<'APP_KEYS' | 'API_TOKEN_SALT' | 'ADMIN_JWT_SECRET' | 'TRANSFER_TOKEN_SALT' | 'JWT_SECRET' | 'ENCRYPTION_KEY', string>;
export function ensureDevEnv(root: string): Record<string, string>;
export function parseEnv(text: string): Record<string, string>;
