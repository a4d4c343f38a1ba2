import { crc32, deflateSync, inflateSync } from 'node:zlib';
import jsqr from 'jsqr';
import { extractText, getDocumentProxy } from 'unpdf';

// jsqr is CommonJS with `exports.default`: under NodeNext the default import is the whole module.
const jsQR = jsqr.default;

/** The PDF's text as a reader sees it: pdfkit writes CJK text as glyph ids, pdf.js maps them back through the ToUnicode CMap. */
export async function pdfText(pdf: Buffer) {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  const page = await doc.getPage(1);
  const annotations: { subtype: string; url?: string }[] = await page.getAnnotations();
  const links = annotations.filter((a) => a.subtype === 'Link').map((a) => a.url);
  return { text, links, pages: doc.numPages };
}

/**
 * Decodes the QR code as drawn: the `/QRCode` marked-content section holds one `x y w 1 re` per run of
 * dark modules (in module units), which is rasterised with a quiet zone and read back with jsQR.
 */
export function decodeQrCode(pdf: Buffer): string | null {
  const raw = pdf.toString('latin1');
  for (const [, body] of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(body!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    const section = content.match(/\/QRCode BMC([\s\S]*?)EMC/)?.[1];
    if (!section) continue;
    const runs = [...section.matchAll(/(\d+) (\d+) (\d+) 1 re/g)].map((m) => m.slice(1).map(Number) as [number, number, number]);
    const n = Math.max(...runs.map(([x, , w]) => x + w));
    const px = 4;
    const side = (n + 8) * px;
    const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
    for (const [x, y, w] of runs) {
      for (let row = (y + 4) * px; row < (y + 5) * px; row++) {
        for (let col = (x + 4) * px; col < (x + 4 + w) * px; col++) rgba.fill(0, (row * side + col) * 4, (row * side + col) * 4 + 3);
      }
    }
    return jsQR(rgba, side, side)?.data ?? null;
  }
  return null;
}

/** A valid PNG of one colour (RGB, 8 bits), e.g. a seal or a photo to upload: built by hand so tests need no image library. */
export function solidPng(width: number, height: number, rgb: [number, number, number] = [200, 30, 30]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
