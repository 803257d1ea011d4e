/** Public extraction API. See docs/extraction.md for every defang form and validation rule. */
export { extractText } from './text';
export type { ExtractOptions } from './text';
export { extractAlert, extractAlertText } from './alert';
export { refang } from './refang';
export { normaliseDomain, normaliseHost, isTld } from './domain';
export { punycodeEncode, labelToAscii } from './punycode';
export type { Stats } from './chars';
export { TLD_SOURCE } from './tlds';
