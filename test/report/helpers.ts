/** Shared helpers for the report tests: fixtures and an independent RFC 4180 parser for parse-back. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlertReport } from '../../scripts/core/engine/types';

export const FIXTURE_NAMES = ['high', 'medium-partial', 'low-auto-close', 'no-indicators', 'injection'] as const;

export function fixture(name: (typeof FIXTURE_NAMES)[number]): AlertReport {
  return JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'reports', name + '.json'), 'utf8')) as AlertReport;
}

export function allFixtures(): AlertReport[] {
  return FIXTURE_NAMES.map(fixture);
}

/** Strict RFC 4180: CRLF records, quoted fields with doubled quotes; throws on malformed input. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        cell += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error('quote inside an unquoted field at ' + i);
        cell += text[i++];
      }
    }
    row.push(cell);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
      if (i >= text.length) return rows;
      continue;
    }
    if (i >= text.length) {
      rows.push(row);
      return rows;
    }
    throw new Error('bare line break or garbage after a quoted field at ' + i);
  }
}

/** A sink collecting chunks, so tests can see what was written when. */
export function collector(): { write(s: string): void; chunks: string[]; text(): string } {
  const chunks: string[] = [];
  return {
    chunks,
    write(s: string) {
      chunks.push(s);
    },
    text() {
      return chunks.join('');
    },
  };
}
