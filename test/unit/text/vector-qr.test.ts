import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { deadlineIn } from '#shared/intake/timeout.ts';
import { openPdf } from '#shared/text/pdf-document.ts';
import { findPdfQrCodes, type PageQrInfo } from '#shared/text/pdf-qr.ts';
import { decodeQrRaw } from '#shared/text/qr.ts';
import { EXAMPLES } from '../../../scripts/documents/examples.ts';
import { renderTextPdf } from '../../../scripts/documents/index.ts';

const PAYLOAD = 'https://verify.example-lab.cn/r/HC2025-031400127';

type Doc = PDFKit.PDFDocument;

const pdfOf = (draw: (doc: Doc) => void): Promise<Uint8Array> =>
  new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 0 });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    doc.fontSize(11).text('Inspection report HC2025-031400127, sample: charger, conclusion: PASS', 50, 50);
    draw(doc);
    doc.end();
  });

const modules = (payload: string) => {
  const qr = QRCode.create(payload, { errorCorrectionLevel: 'M' });
  return { n: qr.modules.size, dark: (r: number, c: number) => Boolean(qr.modules.get(r, c)) };
};

/** Horizontal runs of dark modules: [row, firstCol, length]. */
const runs = (payload: string): Array<[number, number, number]> => {
  const { n, dark } = modules(payload);
  const out: Array<[number, number, number]> = [];
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; ) {
      if (!dark(r, c)) {
        c++;
        continue;
      }
      let e = c;
      while (e < n && dark(r, e)) e++;
      out.push([r, c, e - c]);
      c = e;
    }
  }
  return out;
};

const scan = async (bytes: Uint8Array) => {
  const pdf = await openPdf(bytes, { timeoutMs: 10_000, maxImagePixels: 50_000_000 });
  const pages: PageQrInfo[] = [];
  const rendered: number[] = [];
  try {
    const started = performance.now();
    const codes = await findPdfQrCodes(pdf, {
      pages: pdf.numPages,
      maxPixels: 50_000_000,
      deadline: deadlineIn(20_000),
      onPage: (_n, info) => pages.push(info),
      onRender: (n) => rendered.push(n),
    });
    return { payloads: codes.map((c) => c.payload), codes, pages, rendered, ms: performance.now() - started };
  } finally {
    await pdf.loadingTask.destroy();
  }
};

describe('text: vector QR codes in PDFs', () => {
  it.each(['genuine', 'fake-qr', 'gem-genuine'])('decodes the QR code of the %s example without rendering', async (id) => {
    // Prepare
    const example = EXAMPLES.find((e) => e.id === id);
    if (!example) throw new Error(id);
    // Act
    const result = await scan(await renderTextPdf(example.doc));
    // Assess
    expect(result.payloads).toStrictEqual([example.doc.qr]);
    expect(result.codes[0]?.page).toBe(1);
    expect(result.rendered).toStrictEqual([]);
    expect(result.pages[0]?.vectorCodes).toBe(1);
  });

  it('the fake-qr example yields its look-alike verification host', async () => {
    // Prepare
    const example = EXAMPLES.find((e) => e.id === 'fake-qr');
    if (!example) throw new Error('fake-qr');
    // Act
    const { codes } = await scan(await renderTextPdf(example.doc));
    // Assess
    expect(codes).toStrictEqual([
      { payload: 'https://mingjian-verify.example.com/check?no=MJ2025-000127', host: 'mingjian-verify.example.com', page: 1 },
    ]);
  });

  it('does not render a page of text and rules without QR code', async () => {
    // Prepare
    const example = EXAMPLES.find((e) => e.id === 'unknown-issuer');
    if (!example) throw new Error('unknown-issuer');
    // Act
    const result = await scan(await renderTextPdf(example.doc));
    // Assess
    expect(result.payloads).toStrictEqual([]);
    expect(result.rendered).toStrictEqual([]);
    expect(result.pages.every((p) => !p.renderWorthy && p.stats.candidates === 0)).toBe(true);
  });

  it('one filled rectangle per module, each its own fill, under save/transform/restore, on a white backdrop', async () => {
    // Prepare
    const { n, dark } = modules(PAYLOAD);
    const bytes = await pdfOf((doc) => {
      doc.save().translate(380, 600).scale(0.5);
      doc.rect(-10, -10, n * 8 + 20, n * 8 + 20).fill('#ffffff');
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (dark(r, c)) doc.rect(c * 8, r * 8, 8, 8).fill('#1a1a1a');
      doc.restore();
      doc.rect(0, 780, 595, 20).fill('#dddddd'); // a light footer bar
    });
    // Act
    const result = await scan(bytes);
    // Assess
    expect(result.payloads).toStrictEqual([PAYLOAD]);
    expect(result.rendered).toStrictEqual([]);
  });

  it('horizontal runs as rectangles, in one path', async () => {
    // Prepare
    const bytes = await pdfOf((doc) => {
      for (const [r, c, len] of runs(PAYLOAD)) doc.rect(400 + c * 3, 120 + r * 3, len * 3, 3);
      doc.fill('#000000');
    });
    // Act & Assess
    expect((await scan(bytes)).payloads).toStrictEqual([PAYLOAD]);
  });

  it('runs drawn as moveTo/lineTo outlines, even-odd, inside a form-like nested transform', async () => {
    // Prepare
    const bytes = await pdfOf((doc) => {
      doc.save().transform(1, 0, 0, -1, 0, 841.89).translate(100, 300).scale(2.2);
      for (const [r, c, len] of runs(PAYLOAD)) {
        doc.moveTo(c, r).lineTo(c + len, r).lineTo(c + len, r + 1).lineTo(c, r + 1).closePath();
      }
      doc.fill('evenodd');
      doc.restore();
    });
    // Act & Assess
    expect((await scan(bytes)).payloads).toStrictEqual([PAYLOAD]);
  });

  it('rows drawn as thick butt-capped strokes (how SVG QR codes come out of converters)', async () => {
    // Prepare
    const bytes = await pdfOf((doc) => {
      doc.lineWidth(2.5).lineCap('butt').strokeColor('#000000');
      for (const [r, c, len] of runs(PAYLOAD)) doc.moveTo(300 + c * 2.5, 400 + r * 2.5 + 1.25).lineTo(300 + (c + len) * 2.5, 400 + r * 2.5 + 1.25);
      doc.stroke();
      // table rules nearby are long thin strokes: not modules
      doc.lineWidth(0.8).moveTo(50, 390).lineTo(545, 390).stroke();
    });
    // Act & Assess
    expect((await scan(bytes)).payloads).toStrictEqual([PAYLOAD]);
  });

  it('a rotated vector QR code (30°) still decodes from the vectors', async () => {
    // Prepare
    const { n, dark } = modules(PAYLOAD);
    const bytes = await pdfOf((doc) => {
      doc.save().translate(300, 420).rotate(30);
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (dark(r, c)) doc.rect(c * 3, r * 3, 3, 3);
      doc.fill('#000000').restore();
    });
    // Act
    const result = await scan(bytes);
    // Assess
    expect(result.payloads).toStrictEqual([PAYLOAD]);
  });

  it('two vector QR codes on two pages', async () => {
    // Prepare
    const other = 'https://check.lumiere-gemlab.example/report/2141558011';
    const draw = (doc: Doc, payload: string) => {
      const { n, dark } = modules(payload);
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (dark(r, c)) doc.rect(60 + c * 2.4, 600 + r * 2.4, 2.41, 2.41);
      doc.fill('#000000');
    };
    const bytes = await pdfOf((doc) => {
      draw(doc, PAYLOAD);
      doc.addPage({ size: 'A4', margin: 0 });
      draw(doc, other);
    });
    const { codes } = await scan(bytes);
    // Act & Assess
    expect(codes.map((c) => [c.payload, c.page])).toStrictEqual([
      [PAYLOAD, 1],
      [other, 2],
    ]);
  });

  it('still reads an embedded image QR code (a tight 1-px-per-module PNG)', async () => {
    // Prepare
    const png = await QRCode.toBuffer(PAYLOAD, { margin: 0, scale: 1, errorCorrectionLevel: 'M' });
    const bytes = await pdfOf((doc) => {
      doc.image(png, 420, 80, { width: 100 });
    });
    // Act
    const result = await scan(bytes);
    // Assess
    expect(result.payloads).toStrictEqual([PAYLOAD]);
    expect(result.pages[0]?.imageCodes).toBe(1);
    expect(result.rendered).toStrictEqual([]);
  });

  it('reads modules drawn as overlapping round dots (curves are flattened)', async () => {
    // Prepare
    const { n, dark } = modules(PAYLOAD);
    const bytes = await pdfOf((doc) => {
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (dark(r, c)) doc.circle(300 + c * 4 + 2, 400 + r * 4 + 2, 2.5);
      doc.fill('#000000');
    });
    // Act
    const result = await scan(bytes);
    // Assess
    expect(result.payloads).toStrictEqual([PAYLOAD]);
    expect(result.rendered).toStrictEqual([]);
  });

  it('renders the page when a QR-like vector cluster does not decode (separate small dots)', async () => {
    // Prepare
    const { n, dark } = modules(PAYLOAD);
    const bytes = await pdfOf((doc) => {
      for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (dark(r, c)) doc.circle(300 + c * 4 + 2, 400 + r * 4 + 2, 2.1);
      doc.fill('#000000');
    });
    // Act
    const result = await scan(bytes);
    // Assess
    const page = result.pages[0];
    expect(page?.stats.candidates).toBe(1);
    expect(page?.stats.failedCandidates).toBe(1);
    expect(page?.renderWorthy).toBe(true);
    expect(result.rendered).toStrictEqual([1]);
  });

  it('bounds the work on a hostile page (60 000 tiny filled squares)', async () => {
    // Prepare
    const bytes = await pdfOf((doc) => {
      for (let i = 0; i < 60_000; i++) doc.rect((i % 300) * 1.8 + 20, Math.floor(i / 300) * 1.8 + 100, 1, 1);
      doc.fill('#000000');
    });
    // Act
    const result = await scan(bytes);
    // Assess
    expect(result.payloads).toStrictEqual([]);
    const page = result.pages[0];
    expect(page?.stats.truncated).toBe(true);
    expect(page?.renderWorthy).toBe(false);
    expect(result.rendered).toStrictEqual([]);
    // pdf.js building the operator list is most of it; on 2 busy cores allow a margin
    expect(result.ms).toBeLessThan(3_000);
  }, 30_000);
});

describe('text: decodeQrRaw edge cases', () => {
  const bits = (payload: string, quiet: number) => {
    const { n, dark } = modules(payload);
    const side = n + 2 * quiet;
    return { side, dark: (x: number, y: number) => x >= quiet && y >= quiet && x < quiet + n && y < quiet + n && dark(y - quiet, x - quiet) };
  };

  it('a 1-px-per-module gray image with no quiet zone', () => {
    // Prepare
    const { side, dark } = bits(PAYLOAD, 0);
    const data = new Uint8Array(side * side);
    for (let y = 0; y < side; y++) for (let x = 0; x < side; x++) data[y * side + x] = dark(x, y) ? 0 : 255;
    // Act & Assess
    expect(decodeQrRaw({ data, width: side, height: side, channels: 1 })).toStrictEqual([{ payload: PAYLOAD, host: 'verify.example-lab.cn' }]);
  });

  it('packed 1-bit data (0 = dark), rows byte-aligned', () => {
    // Prepare
    const { side, dark } = bits(PAYLOAD, 2);
    const scale = 3;
    const width = side * scale;
    const stride = (width + 7) >> 3;
    const data = new Uint8Array(stride * width).fill(0);
    for (let y = 0; y < width; y++) {
      for (let x = 0; x < width; x++) {
        const k = y * stride + (x >> 3);
        if (!dark(Math.floor(x / scale), Math.floor(y / scale))) data[k] = (data[k] ?? 0) | (128 >> (x & 7));
      }
    }
    // Act & Assess
    expect(decodeQrRaw({ data, width, height: width, channels: 1, bits: 1 })).toStrictEqual([{ payload: PAYLOAD, host: 'verify.example-lab.cn' }]);
  });

  it('RGBA with a transparent background (alpha composited onto white)', () => {
    // Prepare
    const { side, dark } = bits(PAYLOAD, 4);
    const scale = 4;
    const width = side * scale;
    const data = new Uint8Array(width * width * 4); // transparent black
    for (let y = 0; y < width; y++) {
      for (let x = 0; x < width; x++) if (dark(Math.floor(x / scale), Math.floor(y / scale))) data[(y * width + x) * 4 + 3] = 255;
    }
    // Act & Assess
    expect(decodeQrRaw({ data, width, height: width, channels: 4 })).toStrictEqual([{ payload: PAYLOAD, host: 'verify.example-lab.cn' }]);
  });

  it('rejects data shorter than its dimensions', () => {
    // Act & Assess
    expect(decodeQrRaw({ data: new Uint8Array(10), width: 100, height: 100, channels: 3 })).toStrictEqual([]);
  });
});
