/**
 * The integration image, drawn in code so it is reproducible: a 120×50 palette PNG (XSOAR's logo
 * size) of three score bars (low/medium/high) and a magnifying glass, transparent background.
 * Deterministic: fixed pixels, fflate's pure-JS deflate, own CRC-32.
 */
import { zlibSync } from 'fflate';

export const IMAGE_WIDTH = 120;
export const IMAGE_HEIGHT = 50;

// Palette: 0 transparent, 1 green, 2 amber, 3 red, 4 navy.
const PALETTE = [
  [255, 255, 255],
  [46, 160, 67],
  [230, 150, 30],
  [207, 34, 46],
  [22, 46, 94],
];

function pixels(): Uint8Array {
  const px = new Uint8Array(IMAGE_WIDTH * IMAGE_HEIGHT);
  const set = (x: number, y: number, c: number) => {
    if (x >= 0 && x < IMAGE_WIDTH && y >= 0 && y < IMAGE_HEIGHT) px[y * IMAGE_WIDTH + x] = c;
  };
  // Score bars, bottom-aligned at y = 45.
  const bars: Array<[number, number, number]> = [[6, 14, 1], [22, 26, 2], [38, 38, 3]];
  for (const [x0, h, c] of bars) for (let x = x0; x < x0 + 12; x++) for (let y = 45 - h; y < 45; y++) set(x, y, c);
  // Lens: ring centred (80, 20), radii 10..15.
  for (let y = 0; y < IMAGE_HEIGHT; y++) {
    for (let x = 0; x < IMAGE_WIDTH; x++) {
      const d2 = (x - 80) * (x - 80) + (y - 20) * (y - 20);
      if (d2 >= 100 && d2 <= 225) set(x, y, 4);
    }
  }
  // Handle: thick diagonal from (90, 31) to (106, 47).
  for (let t = 0; t <= 16; t++) for (let dx = -2; dx <= 2; dx++) for (let dy = -2; dy <= 2; dy++) if (dx * dx + dy * dy <= 5) set(90 + t + dx, 31 + t + dy, 4);
  return px;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** The PNG bytes (about 1 KB). */
export function iocEnrichPng(): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, IMAGE_WIDTH);
  v.setUint32(4, IMAGE_HEIGHT);
  ihdr.set([8, 3, 0, 0, 0], 8); // 8-bit palette, deflate, no filter method variants, no interlace
  const plte = new Uint8Array(PALETTE.flat());
  const trns = new Uint8Array([0]); // index 0 transparent, others opaque
  const px = pixels();
  const raw = new Uint8Array(IMAGE_HEIGHT * (IMAGE_WIDTH + 1));
  for (let y = 0; y < IMAGE_HEIGHT; y++) raw.set(px.subarray(y * IMAGE_WIDTH, (y + 1) * IMAGE_WIDTH), y * (IMAGE_WIDTH + 1) + 1);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', plte),
    chunk('tRNS', trns),
    chunk('IDAT', zlibSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
