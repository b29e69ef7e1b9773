/**
 * Vector QR codes, step 3: rasterise the fills that touch a cluster
 * (scanline, nonzero or even-odd, curves already flattened) for jsQR.
 */
import type { Paint } from './vector-qr-operators.ts';

/** Rasterises the paints touching a candidate (page y up → bitmap y down) into RGBA, white background. */
export const rasteriseRegion = (
  paints: readonly Paint[],
  region: { x0: number; y0: number; x1: number; y1: number },
  pxPerUnit: number,
): { rgba: Uint8ClampedArray; width: number; height: number } => {
  const width = Math.max(1, Math.ceil((region.x1 - region.x0) * pxPerUnit));
  const height = Math.max(1, Math.ceil((region.y1 - region.y0) * pxPerUnit));
  const gray = new Uint8Array(width * height).fill(255);
  const toX = (x: number) => (x - region.x0) * pxPerUnit;
  const toY = (y: number) => (region.y1 - y) * pxPerUnit;
  const rows: Array<number[] | undefined> = new Array<number[] | undefined>(height);
  for (const paint of paints) {
    const [bx0, by0, bx1, by1] = paint.box;
    if (bx1 < region.x0 || bx0 > region.x1 || by1 < region.y0 || by0 > region.y1) continue;
    rows.fill(undefined);
    let touched = false;
    // crossings per row: x and winding direction, packed as pairs
    paint.subpaths.forEach((sub, k) => {
      if (
        (paint.boxes[k * 4 + 2] ?? 0) < region.x0 ||
        (paint.boxes[k * 4] ?? 0) > region.x1 ||
        (paint.boxes[k * 4 + 3] ?? 0) < region.y0 ||
        (paint.boxes[k * 4 + 1] ?? 0) > region.y1
      ) {
        // a subpath wholly outside still matters for nonzero/even-odd only inside its own box: skip
        return;
      }
      const m = sub.length / 2;
      for (let j = 0; j < m; j++) {
        const ax = toX((sub[j * 2] ?? 0));
        const ay = toY((sub[j * 2 + 1] ?? 0));
        const nj = (j + 1) % m;
        const bx = toX((sub[nj * 2] ?? 0));
        const by = toY((sub[nj * 2 + 1] ?? 0));
        if (ay === by) continue;
        const dir = ay < by ? 1 : -1;
        const top = Math.min(ay, by);
        const bottom = Math.max(ay, by);
        // pixel rows whose centre (r + 0.5) lies in [top, bottom)
        const r0 = Math.max(0, Math.ceil(top - 0.5));
        const r1 = Math.min(height - 1, Math.ceil(bottom - 0.5) - 1);
        for (let r = r0; r <= r1; r++) {
          const yc = r + 0.5;
          const x = ax + ((yc - ay) * (bx - ax)) / (by - ay);
          const row = rows[r] ?? (rows[r] = []);
          row.push(x, dir);
          touched = true;
        }
      }
    });
    if (!touched) continue;
    const value = paint.dark ? 0 : 255;
    for (let r = 0; r < height; r++) {
      const row = rows[r];
      if (!row) continue;
      const order = Array.from({ length: row.length / 2 }, (_, k) => k).sort((a, b) => (row[a * 2] ?? 0) - (row[b * 2] ?? 0));
      let winding = 0;
      for (let k = 0; k < order.length; k++) {
        const idx = (order[k] ?? 0);
        const before = winding;
        winding += paint.evenOdd ? 1 : (row[idx * 2 + 1] ?? 0);
        const inside = paint.evenOdd ? (before & 1) === 1 : before !== 0;
        if (inside && k > 0) {
          // span from the previous crossing to this one: pixels whose centre lies inside
          const xa = row[(order[k - 1] ?? 0) * 2] ?? 0;
          const xb = (row[idx * 2] ?? 0);
          const c0 = Math.max(0, Math.ceil(xa - 0.5));
          const c1 = Math.min(width - 1, Math.ceil(xb - 0.5) - 1);
          if (c1 >= c0) gray.fill(value, r * width + c0, r * width + c1 + 1);
        }
      }
    }
  }
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const v = (gray[p] ?? 0);
    rgba[p * 4] = v;
    rgba[p * 4 + 1] = v;
    rgba[p * 4 + 2] = v;
    rgba[p * 4 + 3] = 255;
  }
  return { rgba, width, height };
};

