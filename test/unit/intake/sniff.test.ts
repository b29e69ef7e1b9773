import { describe, expect, it } from 'vitest';
import { DisguisedFileError, EmptyDocumentError, UnsupportedMediaTypeError } from '#shared/domain/errors.ts';
import { claimedSupportedType, sniffContentType } from '#shared/intake/sniff.ts';
import { ascii, fakeExe, makePdf, makeQrPng, makeTiff } from '../../fixtures/intake/generate.ts';
import sharp from 'sharp';

describe('intake: sniffContentType', () => {
  it('recognises PDF, PNG, JPEG and TIFF by their magic bytes, whatever the name', async () => {
    // Prepare
    const png = await makeQrPng('x');
    const jpeg = await sharp(png).jpeg().toBuffer();
    const tiff = await makeTiff(png);
    const pdf = await makePdf();
    // Act
    const types = [pdf, png, jpeg, tiff].map((b) => sniffContentType(b, { filename: 'upload.bin' }));
    // Assess
    expect(types).toStrictEqual(['application/pdf', 'image/png', 'image/jpeg', 'image/tiff']);
  });

  it('accepts a PDF with junk before the header, as readers do', () => {
    // Act & Assess
    expect(sniffContentType(ascii('\r\n\r\n%PDF-1.4\n%%EOF\n'))).toBe('application/pdf');
  });

  it('rejects an .exe named .png as a disguised file', () => {
    // Act & Assess
    expect(() => sniffContentType(fakeExe(), { filename: 'report.png' })).toThrow(DisguisedFileError);
  });

  it('rejects text named .pdf as a disguised file', () => {
    // Act
    const error = (() => {
      try {
        sniffContentType(ascii('Report No. 123\nall fine\n'), { filename: 'report.pdf' });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    // Assess
    expect(error).toBeInstanceOf(DisguisedFileError);
    expect((error as DisguisedFileError).code).toBe('DISGUISED_FILE');
    expect((error as DisguisedFileError).message).toBe('The file claims to be application/pdf but is a text file. Accepted: PDF, PNG, JPEG, TIFF.');
  });

  it('treats an executable as disguised even without a claimed type', () => {
    // Act & Assess
    expect(() => sniffContentType(fakeExe())).toThrow(DisguisedFileError);
  });

  it('rejects other formats as unsupported, not disguised', () => {
    // Prepare
    const gif = ascii('GIF89a\x01\x00\x01\x00');
    // Act & Assess
    expect(() => sniffContentType(gif, { filename: 'photo.gif' })).toThrow(UnsupportedMediaTypeError);
    expect(() => sniffContentType(gif, { filename: 'photo.gif' })).not.toThrow(DisguisedFileError);
  });

  it('rejects an empty file', () => {
    // Act & Assess
    expect(() => sniffContentType(new Uint8Array())).toThrow(EmptyDocumentError);
  });
});

describe('intake: claimedSupportedType', () => {
  it.each([
    [{ filename: 'a.PDF' }, 'application/pdf'],
    [{ filename: 'scan.jpg' }, 'image/jpeg'],
    [{ filename: 'scan.tif' }, 'image/tiff'],
    [{ contentType: 'image/jpg' }, 'image/jpeg'],
    [{ contentType: 'application/pdf; charset=binary' }, 'application/pdf'],
    [{ filename: 'notes.txt' }, undefined],
    [undefined, undefined],
  ])('%j → %s', (claimed, expected) => {
    // Act & Assess
    expect(claimedSupportedType(claimed)).toBe(expected);
  });
});
