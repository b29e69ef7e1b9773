/**
 * Vector QR codes, step 2: cluster the dark subpaths by proximity (union-find
 * over a uniform grid) and keep the clusters that look like a QR symbol.
 */
import type { Paint, VectorQrLimits } from './vector-qr-operators.ts';

/** A dark subpath, for clustering. */
interface Shape {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Short side of the bounding box: ~ the module size for a module or a run. */
  unit: number;
}

/** A QR-like group of dark shapes: its box and module size estimate, page space. */
export interface Candidate {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  unit: number;
  count: number;
}

/** Smallest plausible module (page units, 1/72 in): below it a shape is a hairline. */
const MIN_UNIT = 0.05;
const MIN_CLUSTER_SHAPES = 10;

/** Groups dark shapes by proximity (union-find over a uniform grid) and keeps the QR-like groups. */
export const findCandidates = (paints: Paint[], limits: VectorQrLimits): { candidates: Candidate[]; clustered: number } => {
  const shapes: Shape[] = [];
  for (const p of paints) {
    if (!p.dark) continue;
    for (let k = 0; k < p.subpaths.length; k++) {
      const x0 = (p.boxes[k * 4] ?? 0);
      const y0 = (p.boxes[k * 4 + 1] ?? 0);
      const x1 = (p.boxes[k * 4 + 2] ?? 0);
      const y1 = (p.boxes[k * 4 + 3] ?? 0);
      const unit = Math.min(x1 - x0, y1 - y0);
      if (unit >= MIN_UNIT) shapes.push({ x0, y0, x1, y1, unit });
    }
  }
  if (shapes.length < MIN_CLUSTER_SHAPES) return { candidates: [], clustered: 0 };

  const reach = (s: Shape) => s.unit * 2.5;
  const sizes = shapes.map((s) => Math.max(s.x1 - s.x0, s.y1 - s.y0) + 2 * reach(s)).sort((a, b) => a - b);
  const cell = Math.max((sizes[Math.floor(sizes.length / 2)] ?? 0), MIN_UNIT);
  const parent = Int32Array.from(shapes, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] ?? 0] ?? 0;
      i = (parent[i] ?? 0);
    }
    return i;
  };
  const overlaps = (a: Shape, b: Shape) => {
    const g = reach(a) + reach(b);
    return a.x0 - g <= b.x1 && b.x0 - g <= a.x1 && a.y0 - g <= b.y1 && b.y0 - g <= a.y1;
  };
  const grid = new Map<string, number[]>();
  const big: number[] = [];
  const MAX_CELLS = 64;
  shapes.forEach((s, i) => {
    const r = reach(s);
    const cx0 = Math.floor((s.x0 - r) / cell);
    const cx1 = Math.floor((s.x1 + r) / cell);
    const cy0 = Math.floor((s.y0 - r) / cell);
    const cy1 = Math.floor((s.y1 + r) / cell);
    if ((cx1 - cx0 + 1) * (cy1 - cy0 + 1) > MAX_CELLS) {
      big.push(i);
      return;
    }
    for (let gx = cx0; gx <= cx1; gx++) {
      for (let gy = cy0; gy <= cy1; gy++) {
        const key = `${gx},${gy}`;
        const list = grid.get(key);
        if (list) {
          for (const j of list) {
            const other = shapes[j];
            if (other && find(i) !== find(j) && overlaps(s, other)) parent[find(i)] = find(j);
          }
          if (list.length < 4_096) list.push(i);
        } else grid.set(key, [i]);
      }
    }
  });
  // large shapes (few on a real page): against everything, capped
  for (const i of big.slice(0, 64)) {
    const a = shapes[i];
    if (!a) continue;
    shapes.forEach((b, j) => {
      if (i !== j && find(i) !== find(j) && overlaps(a, b)) parent[find(i)] = find(j);
    });
  }

  const groups = new Map<number, number[]>();
  shapes.forEach((_, i) => {
    const root = find(i);
    const list = groups.get(root);
    if (list) list.push(i);
    else groups.set(root, [i]);
  });

  const candidates: Candidate[] = [];
  let clustered = 0;
  for (const members of groups.values()) {
    if (members.length < MIN_CLUSTER_SHAPES) continue;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    let area = 0;
    const units: number[] = [];
    for (const i of members) {
      const s = shapes[i];
      if (!s) continue;
      x0 = Math.min(x0, s.x0);
      y0 = Math.min(y0, s.y0);
      x1 = Math.max(x1, s.x1);
      y1 = Math.max(y1, s.y1);
      area += (s.x1 - s.x0) * (s.y1 - s.y0);
      units.push(s.unit);
    }
    units.sort((a, b) => a - b);
    const unit = (units[Math.floor(units.length * 0.1)] ?? 0);
    const w = x1 - x0;
    const h = y1 - y0;
    const span = Math.max(w, h) / unit;
    const aspect = Math.max(w, h) / Math.max(Math.min(w, h), MIN_UNIT);
    const fillRatio = area / Math.max(w * h, MIN_UNIT);
    if (span < 15 || span > 250 || aspect > 2.5 || fillRatio < 0.15) continue;
    clustered += members.length;
    candidates.push({ x0, y0, x1, y1, unit, count: members.length });
  }
  candidates.sort((a, b) => b.count - a.count);
  return { candidates: candidates.slice(0, limits.maxCandidates), clustered };
};

