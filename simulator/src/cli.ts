#!/usr/bin/env node
/**
 * node simulator/dist/cli.js [--port 4010] [--host 127.0.0.1] [--seed 1] [--message-url URL] [--auto-activate-ms N] [--no-require-activation] [--verbose]
 *
 * Env: PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN (required unless --auth-id/--auth-token), SIMULATOR_MESSAGE_URL,
 *      SIMULATOR_PORT, SIMULATOR_HOST, SIMULATOR_SEED, SIMULATOR_AUTO_ACTIVATE_MS.
 * The CLI auto-activates rented numbers after 30 s by default (so `npm run develop` can text);
 * pass --auto-activate-ms 0 to keep them pending until POST /__control/numbers/{n}/activate.
 * Prints exactly one line on stdout when ready: the origin, e.g. `http://127.0.0.1:4010`.
 * Everything else (warnings, --verbose request lines) goes to stderr.
 */
import { startSimulator, type Simulator } from './server';

interface CliArgs {
  port: number;
  host: string;
  seed: number | undefined;
  messageUrl: string | undefined;
  authId: string | undefined;
  authToken: string | undefined;
  requireActivation: boolean;
  autoActivateMs: number;
  verbose: boolean;
}

const USAGE =
  'usage: node simulator/dist/cli.js [--port N] [--host H] [--seed N] [--message-url URL] [--auth-id ID] [--auth-token T] [--auto-activate-ms N] [--no-require-activation] [--verbose]';

function parseArgs(argv: string[]): CliArgs {
  const env = process.env;
  const args: CliArgs = {
    port: env.SIMULATOR_PORT ? Number(env.SIMULATOR_PORT) : 4010,
    host: env.SIMULATOR_HOST || '127.0.0.1',
    seed: env.SIMULATOR_SEED ? Number(env.SIMULATOR_SEED) : undefined,
    messageUrl: env.SIMULATOR_MESSAGE_URL || undefined,
    authId: env.PLIVO_AUTH_ID || undefined,
    authToken: env.PLIVO_AUTH_TOKEN || undefined,
    requireActivation: true,
    autoActivateMs: env.SIMULATOR_AUTO_ACTIVATE_MS !== undefined && env.SIMULATOR_AUTO_ACTIVATE_MS !== '' ? Number(env.SIMULATOR_AUTO_ACTIVATE_MS) : 30000,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port':
      case '-p':
        args.port = Number(value());
        break;
      case '--host':
        args.host = value();
        break;
      case '--seed':
        args.seed = Number(value());
        break;
      case '--message-url':
        args.messageUrl = value();
        break;
      case '--auth-id':
        args.authId = value();
        break;
      case '--auth-token':
        args.authToken = value();
        break;
      case '--auto-activate-ms':
        args.autoActivateMs = Number(value());
        break;
      case '--no-require-activation':
        args.requireActivation = false;
        break;
      case '--verbose':
      case '-v':
        args.verbose = true;
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new Error(`invalid port ${args.port}`);
  if (!Number.isFinite(args.autoActivateMs) || args.autoActivateMs < 0) throw new Error('invalid --auto-activate-ms');
  if (args.seed !== undefined && !Number.isFinite(args.seed)) throw new Error('invalid seed');
  return args;
}

async function main(): Promise<void> {
  let args: CliArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  }
  if (!args.authId || !args.authToken) {
    process.stderr.write('plivo-simulator: PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN must be set (or pass --auth-id/--auth-token)\n');
    process.exit(2);
  }
  let sim: Simulator;
  try {
    sim = await startSimulator({
      port: args.port,
      host: args.host,
      authId: args.authId,
      authToken: args.authToken,
      messageUrl: args.messageUrl,
      seed: args.seed,
      requireActivation: args.requireActivation,
      autoActivateMs: args.autoActivateMs,
      log: args.verbose ? (line) => process.stderr.write(`[plivo-simulator] ${line}\n`) : undefined,
    });
  } catch (e) {
    process.stderr.write(`plivo-simulator: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  process.stdout.write(`${sim.origin}\n`);

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Exit with the parent when it closes our stdin pipe (only when stdin is a pipe we were given).
  if (process.env.SIMULATOR_EXIT_ON_STDIN_END === '1') {
    process.stdin.on('end', stop);
    process.stdin.resume();
  }
}

void main();
