// Draws Quotedesk's icons (app, installer, tray) from a few shapes and writes PNG, ICO and ICNS
// files, with no image tool installed: `npm run icons` after changing the drawing.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

type Rgba = [number, number, number, number];
type Point = [number, number];

/** The rising line of the mark, in a 0..1 box (y down). */
const LINE: Point[] = [
  [0.2, 0.7],
  [0.36, 0.55],
  [0.5, 0.63],
  [0.66, 0.4],
  [0.8, 0.29],
];

function segmentDistance(p: Point, a: Point, b: Point): number {
  const [px, py] = p;
  const [ax, ay] = a;
  const [bx, by] = b;
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function lineDistance(p: Point): number {
  let d = Infinity;
  for (let i = 1; i < LINE.length; i++) d = Math.min(d, segmentDistance(p, LINE[i - 1] as Point, LINE[i] as Point));
  return d;
}

/** Signed distance to a rounded square filling the box with `inset` margin; negative inside. */
function roundedSquare(p: Point, inset: number, radius: number): number {
  const half = 0.5 - inset;
  const qx = Math.abs(p[0] - 0.5) - (half - radius);
  const qy = Math.abs(p[1] - 0.5) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

export type IconStyle = 'app' | 'tray' | 'template';

/** The colour of one point of the icon, before anti-aliasing. */
function shade(p: Point, style: IconStyle, size: number): Rgba {
  // Small icons get a thicker line so it survives at 16 px.
  const stroke = style === 'app' ? 0.045 : Math.max(0.07, 1.6 / size);
  const onLine = lineDistance(p) <= stroke;
  const last = LINE[LINE.length - 1] as Point;
  const onDot = Math.hypot(p[0] - last[0], p[1] - last[1]) <= stroke * 1.9;
  if (style === 'template') {
    // macOS menu bar: black with alpha, the OS picks the colour.
    return onLine || onDot ? [0, 0, 0, 255] : [0, 0, 0, 0];
  }
  const inset = style === 'app' ? 0.09 : 0.02;
  const inside = roundedSquare(p, inset, style === 'app' ? 0.18 : 0.2) <= 0;
  if (!inside) return [0, 0, 0, 0];
  if (onLine || onDot) return [46, 204, 113, 255];
  if (style === 'app') {
    const gridLine = [0.35, 0.5, 0.65].some((g) => Math.abs(p[1] - g) < 0.004) && p[0] > 0.16 && p[0] < 0.84;
    if (gridLine) return [44, 52, 66, 255];
  }
  const t = p[1];
  return [Math.round(24 - 10 * t), Math.round(30 - 12 * t), Math.round(40 - 14 * t), 255];
}

/** Renders the icon at `size` px, 4×4 samples per pixel. */
export function renderIcon(size: number, style: IconStyle): Buffer {
  const out = Buffer.alloc(size * size * 4);
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [cr, cg, cb, ca] = shade([(x + (sx + 0.5) / n) / size, (y + (sy + 0.5) / n) / size], style, size);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (y * size + x) * 4;
      out[i] = a > 0 ? Math.round(r / a) : 0;
      out[i + 1] = a > 0 ? Math.round(g / a) : 0;
      out[i + 2] = a > 0 ? Math.round(b / a) : 0;
      out[i + 3] = Math.round(a / (n * n));
    }
  }
  return out;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG. */
export function encodePng(rgba: Buffer, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 6;
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 4 + 1)] = 0;
    rgba.copy(rows, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A Windows .ico whose entries are PNGs (Windows Vista and later). */
export function encodeIco(pngs: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(pngs.length, 4);
  let offset = 6 + 16 * pngs.length;
  const entries = pngs.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e[0] = size >= 256 ? 0 : size;
    e[1] = size >= 256 ? 0 : size;
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...pngs.map((p) => p.png)]);
}

/** The PNG entry types of a macOS .icns, by pixel size (retina variants share sizes). */
export const ICNS_TYPES: [string, number][] = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

export function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer {
  const parts = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size);
    if (!png) throw new Error(`icns: no ${size}px image`);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

function writeIcons(root: string): string[] {
  const written: string[] = [];
  const write = (rel: string, data: Buffer) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    written.push(rel);
  };
  const png = new Map<number, Buffer>();
  const app = (size: number) => {
    let p = png.get(size);
    if (!p) {
      p = encodePng(renderIcon(size, 'app'), size, size);
      png.set(size, p);
    }
    return p;
  };
  write('build/icon.png', app(1024));
  write('build/icon.icns', encodeIcns(new Map([16, 32, 64, 128, 256, 512, 1024].map((s) => [s, app(s)]))));
  write('build/icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, png: app(size) }))));
  for (const s of LINUX_ICON_SIZES) write(`build/icons/${s}x${s}.png`, app(s));
  // The running app's own copy (window icon on Linux, notifications): build/ is not packaged.
  write('resources/icons/512x512.png', app(512));
  for (const [name, style, size] of [
    ['tray.png', 'tray', 16],
    ['tray@2x.png', 'tray', 32],
    ['trayTemplate.png', 'template', 16],
    ['trayTemplate@2x.png', 'template', 32],
  ] as const) {
    write(`resources/tray/${name}`, encodePng(renderIcon(size, style), size, size));
  }
  return written;
}

const invokedDirectly =
  process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  for (const f of writeIcons(root)) process.stdout.write(`wrote ${f}\n`);
}
