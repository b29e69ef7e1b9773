/**
 * The pdf.js build inside unpdf calls `ArrayBuffer.prototype.transferToFixedLength`
 * (Node ≥ 21) when it hands font data to the canvas. On Node 20 that throws, pdf.js
 * swallows the error, and pages render blank. This copies instead of transferring.
 * Import it for its side effect before opening a PDF.
 */
const proto = ArrayBuffer.prototype as unknown as Record<string, unknown>;

if (typeof proto.transferToFixedLength !== 'function') {
  Object.defineProperty(proto, 'transferToFixedLength', {
    configurable: true,
    writable: true,
    value: function transferToFixedLength(this: ArrayBuffer, length?: number): ArrayBuffer {
      const n = length ?? this.byteLength;
      const out = new ArrayBuffer(n);
      new Uint8Array(out).set(new Uint8Array(this, 0, Math.min(n, this.byteLength)));
      return out;
    },
  });
}
if (typeof proto.transfer !== 'function') {
  Object.defineProperty(proto, 'transfer', { configurable: true, writable: true, value: proto.transferToFixedLength });
}

export {};
