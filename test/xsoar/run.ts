/**
 * Runs an XSOAR script by hand in the test host and prints its JSON report.
 *
 *   npx tsx test/xsoar/run.ts <entry.ts | unified.yml | script.js> <command> \
 *       [--args '{"ip":"1.1.1.1"}'] [--params '{...}'] [--context ctx.json] [--version 6.10.0] [--real-wait] [--vm]
 *
 * A .ts entry is bundled first (build/xsoar/bundle.mjs); a .yml is read as unified YAML.
 */
import { readFileSync } from 'node:fs';
import { bundleXsoarScript } from '../../build/xsoar/bundle.mjs';
import { runInXsoar, RunInXsoarOptions } from './host';

async function main(argv: string[]): Promise<void> {
  const [target, command, ...rest] = argv;
  if (!target || !command) throw new Error('usage: run.ts <entry.ts|unified.yml|script.js> <command> [--args JSON] [--params JSON] [--context FILE] [--version V] [--real-wait] [--vm]');
  const options: RunInXsoarOptions = { command };
  if (target.endsWith('.ts')) options.code = await bundleXsoarScript(target);
  else if (/\.ya?ml$/.test(target)) options.yamlPath = target;
  else options.code = readFileSync(target, 'utf8');
  for (let i = 0; i < rest.length; i++) {
    const flag = rest[i];
    if (flag === '--args') options.args = JSON.parse(rest[++i]);
    else if (flag === '--params') options.params = JSON.parse(rest[++i]);
    else if (flag === '--context') options.contextFile = rest[++i];
    else if (flag === '--version') options.version = rest[++i];
    else if (flag === '--real-wait') options.realWait = true;
    else if (flag === '--vm') options.engine = 'vm';
    else throw new Error(`unknown flag ${flag}`);
  }
  const run = await runInXsoar(options);
  process.stdout.write(JSON.stringify(run, null, 2) + '\n');
  if (run.error) process.exitCode = 1;
}

main(process.argv.slice(2)).catch((e: Error) => {
  process.stderr.write(e.message + '\n');
  process.exitCode = 2;
});
