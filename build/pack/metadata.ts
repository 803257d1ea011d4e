/**
 * The server-format `metadata.json` that sits next to `pack_metadata.json` in an uploadable pack zip
 * (demisto-sdk `Pack.dump`): the pack metadata plus the list of content items the zip holds.
 */
import type { PackMetadata } from './config';
import { PACK_ID } from './config';

export interface ContentItems {
  integration: Record<string, any>;
  scripts: Record<string, any>[];
  playbooks: Record<string, any>[];
}

export function serverMetadata(meta: PackMetadata, items: ContentItems): Record<string, unknown> {
  return {
    id: PACK_ID,
    ...meta,
    dependencies: meta.dependencies ?? {},
    contentItems: {
      integration: [{
        // Defensive: an invalid integration still gets a metadata.json, so validation can report it.
        id: items.integration?.commonfields?.id,
        name: items.integration?.display,
        description: items.integration?.description,
        category: items.integration?.category,
        commands: (items.integration?.script?.commands ?? []).map((c: any) => ({ name: c.name, description: c.description })),
      }],
      automation: items.scripts.map((s) => ({ id: s.commonfields?.id, name: s.name, description: s.comment, tags: s.tags })),
      playbook: items.playbooks.map((p) => ({ id: p.id, name: p.name, description: p.description })),
    },
    contentDisplays: { integration: 'Integration', automation: 'Automation', playbook: 'Playbook' },
  };
}
