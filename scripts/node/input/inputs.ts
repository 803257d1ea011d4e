/**
 * Every alert of every command-line input, in order: the one loop `extract` and `enrich` share.
 * Arguments are expanded (directories, globs), each input is read with the rules of its kind, and
 * problems (a bad line, a skipped binary file, a missing file, a CSV without the `--column`) are
 * handed to `onProblem` as they happen, so one bad input never stops the others.
 */
import { AlertInput, alertsOf, InputProblem } from './alerts';
import { statSync } from 'node:fs';
import { expandInputs } from './paths';
import { InputError, InputKind, kindFromPath } from './read';

export interface InputOptions {
  /** `--as`: one kind for every input; else by extension, stdin being text. */
  as?: InputKind;
  /** `--column` values (CSV). */
  columns?: string[];
  onProblem: (p: InputProblem) => void;
  /** Called once per input before its first alert (progress, the stdin-on-a-terminal hint). */
  onSource?: (source: string, kind: InputKind) => void;
  /**
   * Called once after the arguments are expanded with the total size of the inputs in bytes, or
   * null when it cannot be known (stdin), then with every chunk of bytes read: progress and ETA.
   */
  onTotalBytes?: (total: number | null) => void;
  onBytes?: (n: number) => void;
}

/** The kind an input is read as: `--as`, else its extension (stdin: text). */
export function kindOf(source: string, as?: InputKind): InputKind {
  return as || (source === '-' ? 'text' : kindFromPath(source));
}

function totalSize(sources: string[]): number | null {
  var total = 0;
  for (var s of sources) {
    if (s === '-') return null;
    try {
      total += statSync(s).size;
    } catch {
      // unreadable: reported when it is opened
    }
  }
  return total;
}

export async function* inputAlerts(args: string[], options: InputOptions): AsyncGenerator<AlertInput> {
  var expanded = await expandInputs(args.length ? args : ['-']);
  expanded.problems.forEach(options.onProblem);
  if (options.onTotalBytes) options.onTotalBytes(totalSize(expanded.sources));
  for (var source of expanded.sources) {
    var kind = kindOf(source, options.as);
    if (options.onSource) options.onSource(source, kind);
    try {
      yield* alertsOf(source, kind, { columns: options.columns, onProblem: options.onProblem, onBytes: options.onBytes });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      options.onProblem({ where: e.source, message: e.reason, error: true });
    }
  }
}
