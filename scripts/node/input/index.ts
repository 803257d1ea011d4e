/** CLI inputs: expanding paths and globs, reading files/stdin (streamed or whole), binary refusal, lenient decoding, alerts. */
export { binaryReason, decodeText, InputError, INPUT_KINDS, kindFromPath, MAX_WHOLE_BYTES, openSource, readAllStdin, readSource, STREAMED_KINDS } from './read';
export type { InputKind } from './read';
export { alertsOf, alertWhere, extractFromAlert, splitAlerts } from './alerts';
export type { AlertIndicators, AlertInput, AlertsOptions, InputProblem } from './alerts';
export { ColumnError, csvRecords, headerNames, selectColumns } from './csv';
export { linesOf, MAX_RECORD_BYTES } from './lines';
export type { Line } from './lines';
export { mboxMessages } from './mbox';
export { expandInputs, globBase, hasMagic, matchGlob, segmentRegExp } from './paths';
export { inputAlerts, kindOf } from './inputs';
export type { InputOptions } from './inputs';
