/**
 * The one manifest of ioc-enrich's commands, arguments, params and outputs. The XSOAR integration
 * YAML, the Splunk SOAR app JSON, CLI help and docs are all generated from it, so a fact such as an
 * argument's description is written exactly once.
 */

export type OutputType = 'String' | 'Number' | 'Boolean' | 'Date' | 'Unknown';

export interface ManifestArgument {
  name: string;
  description: string;
  required?: boolean;
  /** The argument a bare `!ip 1.2.3.4` fills (one per command). */
  default?: boolean;
  /** Accepts a list (XSOAR: comma-separated or array). */
  isArray?: boolean;
  /** Closed list of values (XSOAR `auto: PREDEFINED`). */
  predefined?: string[];
  defaultValue?: string;
}

export interface ManifestOutput {
  contextPath: string;
  description: string;
  type: OutputType;
}

export interface ManifestCommand {
  name: string;
  description: string;
  arguments: ManifestArgument[];
  outputs: ManifestOutput[];
}

/** XSOAR configuration parameter type codes (reference/xsoar.md §3.2). */
export type ParamType = 0 | 4 | 8 | 9 | 12 | 15 | 16;

export interface ManifestParam {
  name: string;
  display: string;
  type: ParamType;
  required: boolean;
  defaultvalue?: string;
  options?: string[];
  additionalinfo?: string;
  hiddenusername?: boolean;
  displaypassword?: string;
  section?: 'Connect' | 'Collect' | 'Optimize';
  advanced?: boolean;
}
