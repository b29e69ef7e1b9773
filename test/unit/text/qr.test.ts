import { describe, expect, it } from 'vitest';
import { CorruptImageError } from '#shared/domain/errors.ts';
import { decodeQrCodes, decodeQrRaw, toQr } from '#shared/text/qr.ts';
import { corruptPng, makeImageWithQr, makeQrPng } from '../../fixtures/intake/generate.ts';
import sharp from 'sharp';

describe('text: qr', () => {
  it('decodes a QR code on a page image, with its host', async () => {
    // Prepare
    const page = await makeImageWithQr('https://Verify.Example-Lab.cn/report?no=HC2025-031400127');
    // Act & Assess
    expect(await decodeQrCodes(page, { maxPixels: 50_000_000 })).toStrictEqual([
      { payload: 'https://Verify.Example-Lab.cn/report?no=HC2025-031400127', host: 'verify.example-lab.cn' },
    ]);
  });

  it('decodes raw pixels (an image embedded in a PDF)', async () => {
    // Prepare
    const { data, info } = await sharp(await makeQrPng('CNAS L1234')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    // Act & Assess
    expect(decodeQrRaw({ data, width: info.width, height: info.height, channels: info.channels })).toStrictEqual([{ payload: 'CNAS L1234' }]);
  });

  it('finds nothing on a blank page', async () => {
    // Prepare
    const blank = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#fff' } }).png().toBuffer();
    // Act & Assess
    expect(await decodeQrCodes(blank, { maxPixels: 50_000_000 })).toStrictEqual([]);
  });

  it('rejects an undecodable image', async () => {
    // Act & Assess
    await expect(decodeQrCodes(corruptPng(), { maxPixels: 50_000_000 })).rejects.toThrow(CorruptImageError);
  });

  it.each([
    ['https://cx.cnca.cn/x?y=1', 'cx.cnca.cn'],
    ['www.gia.edu/report-check?reportno=1234567890', 'www.gia.edu'],
    ['CNAS L1234', undefined],
    ['mailto:a@b.c', undefined],
  ])('host of %s is %s', (payload, host) => {
    // Act & Assess
    expect(toQr(payload)).toStrictEqual(host === undefined ? { payload } : { payload, host });
  });
});
