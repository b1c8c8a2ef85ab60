// Moving one item of an ordered list, for drag-and-drop and Alt+arrow reordering.

/** Moves the item at `from` so that it ends up at index `to` (clamped); returns a new array. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = list.slice();
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1);
  if (item === undefined) return list.slice();
  out.splice(Math.max(0, Math.min(to, out.length)), 0, item);
  return out;
}

/** The index an item dragged from `from` lands at when dropped before (or after) the item at `over`. */
export function dropIndex(from: number, over: number, after: boolean): number {
  const target = after ? over + 1 : over;
  return target > from ? target - 1 : target;
}
