import { describe, expect, it } from 'vitest';
import { dropIndex, moveItem } from './reorder';

describe('reordering', () => {
  it('moves an item up or down and clamps at the ends', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(['a', 'b'], 0, 9)).toEqual(['b', 'a']);
    expect(moveItem(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
  });

  it('turns a drop before/after a row into the final index', () => {
    // Drag "a" (0) after "c" (2): lands at index 2.
    expect(moveItem(['a', 'b', 'c'], 0, dropIndex(0, 2, true))).toEqual(['b', 'c', 'a']);
    // Drag "c" (2) before "a" (0): lands at 0.
    expect(moveItem(['a', 'b', 'c'], 2, dropIndex(2, 0, false))).toEqual(['c', 'a', 'b']);
    // Drop onto itself: no move.
    expect(dropIndex(1, 1, false)).toBe(1);
  });
});
