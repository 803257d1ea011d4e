/**
 * `npx tsx build/pack/cli.ts sources` — regenerate the committed playbook YAML, pack README and image.
 * `npx tsx build/pack/cli.ts check`   — exit 1 when any of them is out of date.
 */
import { staleSources, writeSources } from './sources';

const cmd = process.argv[2];
if (cmd === 'sources') {
  const changed = writeSources();
  console.log(changed.length ? 'regenerated: ' + changed.join(', ') : 'pack sources up to date');
} else if (cmd === 'check') {
  const stale = staleSources();
  if (stale.length) {
    console.error('out of date (run `npx tsx build/pack/cli.ts sources`): ' + stale.join(', '));
    process.exit(1);
  }
  console.log('pack sources up to date');
} else {
  console.error('usage: tsx build/pack/cli.ts sources|check');
  process.exit(2);
}
