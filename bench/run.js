'use strict';
/**
 * `npm run bench`: runs every benchmark in bench/ in sequence and appends each one's results to
 * BENCHMARKS.md, with the command and the date.
 *
 *   npm run bench                   # all of them
 *   npm run bench -- phone-numbers  # only those whose file name contains one of the words
 *
 * A benchmark is any `bench/*.js` file (but this one) that exports
 *   { name: string, title?: string, run(options?): Promise<results>, report(results): string (Markdown) }.
 * Each runs in a child process of its own (Strapi is a process-wide singleton), one after the other, so
 * that they do not compete for the machine. Build first (`npm run build`): benches boot the built app.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const RESULTS = path.join(ROOT, 'BENCHMARKS.md');

function machine() {
  const cpus = os.cpus();
  return `Node ${process.version}, ${cpus.length} × ${cpus[0]?.model?.trim() ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB`;
}

/** Child mode: run one benchmark module and append its report. */
async function runOne(file) {
  const mod = require(file);
  if (typeof mod.run !== 'function' || typeof mod.report !== 'function') {
    console.log(`bench: ${path.basename(file)} exports no run()/report(); skipped`);
    return;
  }
  const started = new Date();
  const results = await mod.run({});
  const markdown = mod.report(results);
  const rel = path.relative(ROOT, file);
  const section = [
    `## ${mod.title || mod.name || rel} — ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Command: \`${process.env.BENCH_COMMAND || 'npm run bench'}\` (runs \`${rel}\`) · ${machine()}`,
    '',
    markdown.trim(),
    '',
    '',
  ].join('\n');
  if (!fs.existsSync(RESULTS)) fs.writeFileSync(RESULTS, '# Benchmarks\n\nAppended by `npm run bench` (bench/run.js), newest last.\n\n');
  fs.appendFileSync(RESULTS, section);
  console.log(`\n${section}`);
}

function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--one') {
    runOne(path.resolve(argv[1])).then(
      () => process.exit(0),
      (e) => {
        console.error(e);
        process.exit(1);
      }
    );
    return;
  }
  const words = argv.filter((a) => !a.startsWith('-'));
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.js') && f !== 'run.js' && f !== 'lib.js')
    .filter((f) => !words.length || words.some((w) => f.includes(w)))
    .sort()
    .map((f) => path.join(__dirname, f));
  if (!files.length) {
    console.error(`bench: nothing matches ${words.join(', ')}`);
    process.exit(1);
  }
  let failed = 0;
  for (const file of files) {
    console.log(`\n=== ${path.relative(ROOT, file)} ===`);
    const r = spawnSync(process.execPath, [__filename, '--one', file], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', BENCH_COMMAND: `npm run bench${words.length ? ` -- ${words.join(' ')}` : ''}` },
    });
    if (r.status !== 0) {
      failed++;
      console.error(`bench: ${path.basename(file)} failed (exit ${r.status})`);
    }
  }
  process.exit(failed ? 1 : 0);
}

main();
