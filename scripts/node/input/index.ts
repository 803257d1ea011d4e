/** CLI inputs: reading files/stdin, binary refusal, lenient decoding, splitting into alerts. */
export { binaryReason, decodeText, InputError, INPUT_KINDS, kindFromPath, readAllStdin, readSource } from './read';
export type { InputKind } from './read';
export { extractFromAlert, splitAlerts } from './alerts';
export type { AlertIndicators, AlertInput, InputProblem, SplitResult } from './alerts';
