// Largest-Triangle-Three-Buckets downsampling: keeps a long series' shape with few points, so charts stay fast.

export type XY = { x: number; y: number };

/** Picks `threshold` points from `data` (sorted by x) that keep its visual shape; short series pass through. */
export function lttb<T extends XY>(data: readonly T[], threshold: number): T[] {
  const n = data.length;
  if (threshold >= n || threshold < 3) return data.slice();
  const out: T[] = [];
  const bucket = (n - 2) / (threshold - 2);
  let a = 0;
  const first = data[0];
  if (first) out.push(first);
  for (let i = 0; i < threshold - 2; i++) {
    // Average of the next bucket: the third corner of the triangle.
    const nextStart = Math.floor((i + 1) * bucket) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * bucket) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = nextStart; j < nextEnd; j++) {
      const p = data[j];
      if (!p) continue;
      avgX += p.x;
      avgY += p.y;
    }
    const count = Math.max(1, nextEnd - nextStart);
    avgX /= count;
    avgY /= count;
    const start = Math.floor(i * bucket) + 1;
    const end = Math.floor((i + 1) * bucket) + 1;
    const pa = data[a];
    if (!pa) break;
    let best = start;
    let bestArea = -1;
    for (let j = start; j < end; j++) {
      const p = data[j];
      if (!p) continue;
      const area = Math.abs((pa.x - avgX) * (p.y - pa.y) - (pa.x - p.x) * (avgY - pa.y));
      if (area > bestArea) {
        bestArea = area;
        best = j;
      }
    }
    const chosen = data[best];
    if (chosen) out.push(chosen);
    a = best;
  }
  const last = data[n - 1];
  if (last) out.push(last);
  return out;
}
