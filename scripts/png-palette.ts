import zlib from 'node:zlib';

/**
 * Makes a screenshot small enough to keep in the repository: the browser writes true-colour
 * PNG; pages are mostly flat colours and anti-aliased text, which a 256-colour palette keeps
 * readable at a third of the size. Reads 8-bit RGB/RGBA, non-interlaced PNG (what Chromium
 * writes) and writes an indexed PNG.
 */

interface Image {
  width: number;
  height: number;
  /** RGB triplets, row by row. */
  rgb: Uint8Array;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Buffer): Image {
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString('ascii', pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8];
      const colorType = data[9];
      if (depth !== 8 || (colorType !== 2 && colorType !== 6) || data[12] !== 0)
        throw new Error('Only 8-bit RGB or RGBA, non-interlaced PNG is supported');
      channels = colorType === 2 ? 3 : 4;
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    pos += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[row + x - channels]! : 0;
      const b = y > 0 ? pixels[row - stride + x]! : 0;
      const c = x >= channels && y > 0 ? pixels[row - stride + x - channels]! : 0;
      const v = raw[src + x]!;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter]!;
      pixels[row + x] = (v + predictor) & 0xff;
    }
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < pixels.length; i += channels, j += 3) {
    rgb[j] = pixels[i]!;
    rgb[j + 1] = pixels[i + 1]!;
    rgb[j + 2] = pixels[i + 2]!;
  }
  return { width, height, rgb };
}

/** The 256 most used colours (the exact ones when there are no more than that). */
function palette(img: Image): number[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < img.rgb.length; i += 3) {
    const c = (img.rgb[i]! << 16) | (img.rgb[i + 1]! << 8) | img.rgb[i + 2]!;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const colours = [...counts].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  if (colours.length <= 256) return colours;
  // Keep the most used colours, but not several that look the same.
  const chosen: number[] = [];
  for (const c of colours) {
    if (chosen.length === 256) break;
    const near = chosen.some((p) => distance(p, c) < 48);
    if (!near) chosen.push(c);
  }
  return chosen;
}

function distance(a: number, b: number): number {
  const dr = ((a >> 16) & 0xff) - ((b >> 16) & 0xff);
  const dg = ((a >> 8) & 0xff) - ((b >> 8) & 0xff);
  const db = (a & 0xff) - (b & 0xff);
  return dr * dr * 2 + dg * dg * 4 + db * db;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

export function encodeIndexedPng(img: Image): Buffer {
  const colours = palette(img);
  const index = new Map<number, number>(colours.map((c, i) => [c, i]));
  const nearest = (c: number): number => {
    let found = index.get(c);
    if (found === undefined) {
      let best = Number.POSITIVE_INFINITY;
      found = 0;
      for (let i = 0; i < colours.length; i++) {
        const d = distance(colours[i]!, c);
        if (d < best) {
          best = d;
          found = i;
        }
      }
      index.set(c, found);
    }
    return found;
  };
  const raw = Buffer.alloc((img.width + 1) * img.height);
  for (let y = 0; y < img.height; y++) {
    raw[y * (img.width + 1)] = 0;
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      const c = (img.rgb[i]! << 16) | (img.rgb[i + 1]! << 8) | img.rgb[i + 2]!;
      raw[y * (img.width + 1) + 1 + x] = nearest(c);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr[8] = 8;
  ihdr[9] = 3;
  const plte = Buffer.alloc(colours.length * 3);
  colours.forEach((c, i) => {
    plte[i * 3] = (c >> 16) & 0xff;
    plte[i * 3 + 1] = (c >> 8) & 0xff;
    plte[i * 3 + 2] = c & 0xff;
  });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('PLTE', plte),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A true-colour PNG as a 256-colour one. */
export function toPalettePng(png: Buffer): Buffer {
  return encodeIndexedPng(decodePng(png));
}
