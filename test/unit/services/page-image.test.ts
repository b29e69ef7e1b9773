import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { PAGE_IMAGE_DPI, renderPagesAhead } from '#shared/services/page-image.ts';
import { MemoryDocumentStore } from '#shared/store/document-store.ts';

const example = (name: string) => new URL(`../../../examples/${name}`, import.meta.url).pathname;

describe('renderPagesAhead', () => {
  it('renders the first pages of a stored PDF into the page store, page 1 first, and skips the ones already kept', async () => {
    // Prepare: a stored two-page PDF whose page 2 is already kept.
    const bytes = new Uint8Array(await readFile(example('tampered.pdf')));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const documents = new MemoryDocumentStore();
    const keptPage2 = { bytes: new Uint8Array([1, 2, 3]), contentType: 'image/jpeg' };
    await documents.putPage({ sha256, page: 2, dpi: PAGE_IMAGE_DPI }, keptPage2);

    // Act
    const rendered = await renderPagesAhead({ documents }, bytes, { sha256, contentType: 'application/pdf', pages: 2 });
    const again = await renderPagesAhead({ documents }, bytes, { sha256, contentType: 'application/pdf', pages: 2 });
    const image = await renderPagesAhead({ documents }, bytes, { sha256, contentType: 'image/png', pages: 1 });

    // Assess
    expect(rendered).toStrictEqual([1]);
    expect(Buffer.from((await documents.getPage({ sha256, page: 1, dpi: PAGE_IMAGE_DPI }))?.bytes ?? []).subarray(0, 3).toString('hex')).toBe('ffd8ff');
    expect((await documents.getPage({ sha256, page: 2, dpi: PAGE_IMAGE_DPI }))?.bytes).toStrictEqual(keptPage2.bytes);
    expect(again).toStrictEqual([]);
    expect(image).toStrictEqual([]);
  });
});
