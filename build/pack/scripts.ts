/**
 * The pack's automation scripts: metadata (args, outputs, tags) and their TypeScript entries under
 * scripts/xsoar/scripts/. Each is bundled with bundleXsoarScript and written as a unified script YAML.
 */
import { bundleXsoarScript } from '../xsoar/bundle.mjs';
import { unifiedYaml } from '../xsoar/unified-yaml.mjs';
import { ALERT_OUTPUTS } from '../../scripts/manifest/index';
import { FROM_VERSION } from './config';

export interface ScriptDef {
  name: string;
  entry: string;
  metadata: Record<string, any>;
}

const THRESHOLD_ARGS = [
  { name: 'high', description: 'Score at or above which the tier is High.', defaultValue: '70' },
  { name: 'medium', description: 'Score at or above which the tier is Medium (below: Low).', defaultValue: '40' },
];

const DBOT_WEIGHT_ARG = {
  name: 'dbot_weight',
  description: 'Weight of a DBotScore vendor that is not one of the IOCEnrich providers (a known provider keeps its own weight). DBotScore 3 counts as malicious 1, 2 as 0.5, 1 as 0; 0 (unknown) is ignored.',
  defaultValue: '50',
};

function common(name: string, comment: string, tags: string[], args: Record<string, unknown>[], outputs: Record<string, unknown>[] = []) {
  return {
    commonfields: { id: name, version: -1 },
    name,
    tags,
    comment,
    enabled: true,
    args,
    outputs,
    scripttarget: 0,
    runonce: false,
    runas: 'DBotWeakRole',
    fromversion: FROM_VERSION,
    tests: ['No tests (auto formatted)'],
    marketplaces: ['xsoar', 'marketplacev2'],
  };
}

export const SCRIPTS: ScriptDef[] = [
  {
    name: 'IOCEnrichScore',
    entry: 'scripts/xsoar/scripts/IOCEnrichScore.ts',
    metadata: common(
      'IOCEnrichScore',
      'Transformer: the composite IOC score (0-100) of a list of IOCEnrich.ProviderResult / IOCEnrich.Indicator objects or standard DBotScore entries from any vendor, computed by the same scoring code as the IOCEnrich engine (highest indicator score).',
      ['transformer', 'entirelist', 'general'],
      [
        { name: 'value', description: 'The list: IOCEnrich.ProviderResult, IOCEnrich.Indicator and/or DBotScore objects.', isArray: true },
        DBOT_WEIGHT_ARG,
        { name: 'decimals', description: 'Round the score to this many decimals (default: unrounded).' },
      ],
    ),
  },
  {
    name: 'IOCEnrichTier',
    entry: 'scripts/xsoar/scripts/IOCEnrichTier.ts',
    metadata: common(
      'IOCEnrichTier',
      'Transformer: a score to High / Medium / Low (score ≥ high → High, ≥ medium → Medium, else Low).',
      ['transformer', 'general'],
      [{ name: 'value', description: 'The score (0-100).' }, ...THRESHOLD_ARGS],
    ),
  },
  {
    name: 'IOCEnrichRoute',
    entry: 'scripts/xsoar/scripts/IOCEnrichRoute.ts',
    metadata: common(
      'IOCEnrichRoute',
      'Scores and routes an alert from the IOCEnrich enrichment context: writes IOCEnrich.Alert.*, sets the incident severity (High 3, Medium 2, Low 1), adds a triage note with the per-indicator breakdown and returns the branch label High / Medium / Low. A failed lookup or no evidence never routes Low. Informational only: blocks nothing.',
      ['ioc-enrich', 'enhancement'],
      [
        ...THRESHOLD_ARGS,
        { name: 'results', description: 'Results to route instead of the context (IOCEnrich.ProviderResult / IOCEnrich.Indicator / DBotScore objects).', isArray: true },
        { name: 'include_dbot', description: 'Also count the DBotScore entries in the context (other vendors).', auto: 'PREDEFINED', predefined: ['true', 'false'], defaultValue: 'false' },
        DBOT_WEIGHT_ARG,
        { name: 'set_severity', description: 'Set the incident severity through setIncident.', auto: 'PREDEFINED', predefined: ['true', 'false'], defaultValue: 'true' },
      ],
      [
        ...ALERT_OUTPUTS.map((o) => ({ contextPath: o.contextPath, description: o.description, type: o.type })),
        { contextPath: 'IOCEnrich.Alert.Route', description: 'The branch label: High, Medium or Low.', type: 'String' },
        { contextPath: 'IOCEnrich.Alert.Coverage.Answered', description: 'Provider lookups that answered (ok or not found).', type: 'Number' },
        { contextPath: 'IOCEnrich.Alert.Coverage.Failed', description: 'Provider lookups that failed (the alert is partial).', type: 'Number' },
        { contextPath: 'IOCEnrich.Alert.Coverage.Skipped', description: 'Provider lookups skipped (unsupported type, not configured, internal).', type: 'Number' },
        { contextPath: 'IOCEnrich.Alert.Coverage.Total', description: 'All provider lookups seen.', type: 'Number' },
        { contextPath: 'IOCEnrich.Alert.Indicators.Value', description: 'Indicator value.', type: 'String' },
        { contextPath: 'IOCEnrich.Alert.Indicators.Score', description: 'Indicator score (0-100).', type: 'Number' },
        { contextPath: 'IOCEnrich.Alert.Indicators.Explanation', description: 'Which providers said what.', type: 'String' },
      ],
    ),
  },
];

/** Bundles one script and returns its unified YAML text. */
export async function scriptYaml(def: ScriptDef, packVersion?: string): Promise<string> {
  const code = await bundleXsoarScript(def.entry);
  return unifiedYaml({ kind: 'script', code, metadata: def.metadata, packVersion });
}
