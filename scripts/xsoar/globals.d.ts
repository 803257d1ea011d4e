/**
 * The globals XSOAR's JavaScript engine gives every integration/script (see
 * ../shared/reference/xsoar.md §2). Only platform globals are declared here — nothing of
 * CommonServer.js: the bundle must not depend on it (and must not redeclare its names).
 * Compiled with `lib: ["es5"]` and no Node types, so anything newer than ES5 fails to type-check.
 * `console` is deliberately absent (root typecheck has Node's); use log/logDebug/logError.
 */

/** Header map as XSOAR's http() takes and returns it: name → list of values. */
interface XsoarHeaders {
  [name: string]: string[];
}

/** Second argument of `http()` (PascalCase, as the server expects). */
interface XsoarHttpRequest {
  Method?: string;
  Headers?: XsoarHeaders;
  /** Already serialised: JSON.stringify it yourself. */
  Body?: string;
  Username?: string;
  Password?: string;
  SaveToFile?: boolean;
  /** Not documented by XSOAR; honoured by the test host only. */
  Timeout?: number;
}

interface XsoarHttpResponse {
  StatusCode: number;
  Status?: string;
  Body: string;
  Headers?: XsoarHeaders;
  Path?: string;
}

/** A war-room entry (the shape `return` hands back, and `executeCommand` returns a list of). */
interface XsoarEntry {
  Type: number;
  Contents: unknown;
  ContentsFormat: string;
  HumanReadable?: string;
  ReadableContentsFormat?: string;
  EntryContext?: { [key: string]: unknown };
  [key: string]: unknown;
}

interface XsoarVersion {
  version: string;
  buildNumber: string;
  platform: string;
}

/** Command arguments: strings as typed by the analyst, or arrays/objects from playbooks. */
declare var args: { [name: string]: any };
/** Integration instance parameters (type 9 → `{identifier, password}`, type 8 → boolean). */
declare var params: { [name: string]: any };
/** The command being run, e.g. `test-module`, `ip`. */
declare var command: string;
declare var invContext: { [key: string]: unknown };
declare var incidents: Array<{ [key: string]: unknown }>;
declare var investigation: { [key: string]: unknown };

/** Synchronous HTTP. `insecure` trusts any certificate, `proxy` uses the system proxy. */
declare function http(url: string, request: XsoarHttpRequest, insecure?: boolean, proxy?: boolean): XsoarHttpResponse;
/** Blocks for `seconds`. */
declare function wait(seconds: number): void;
declare function log(...message: unknown[]): void;
declare function logDebug(...message: unknown[]): void;
declare function logError(...message: unknown[]): void;
declare function getIntegrationContext(): { [key: string]: any };
declare function getIntegrationContext(sync: true): { context: { [key: string]: any }; version: number };
declare function setIntegrationContext(context: { [key: string]: any }, version?: number, sync?: boolean): { Error?: string };
declare function executeCommand(name: string, args: { [name: string]: unknown }): XsoarEntry[];
declare function isDemistoVersionGE(version: string, buildNumber?: string): boolean;
declare function getDemistoVersion(): XsoarVersion;
declare function demistoUrls(): { [key: string]: string };

/**
 * Defined by CommonServer.js (merged into every script), listed here because the issue treats them as
 * platform globals. Only CommonServer.js's keys: warning (11) and execution metrics (19) are Python-only
 * names — use the numbers.
 */
declare var entryTypes: {
  note: number; downloadAgent: number; file: number; error: number; pinned: number; userManagement: number;
  image: number; playgroundError: number; entryInfoFile: number; map: number; widget: number;
};
declare var formats: { html: string; table: string; json: string; text: string; dbotResponse: string; markdown: string };
