import { describe, expect, it } from 'vitest';
import { PhasedProgress } from '../../src/extension/progress';

describe('PhasedProgress', () => {
  it('reports increments that add up to the real percentage across phases', () => {
    const reports: Array<{ increment?: number; message?: string }> = [];
    const p = new PhasedProgress({ report: (v) => reports.push(v) });
    p.begin({ share: 0.3 }, 'indexing');
    p.update(50, 100);
    expect(p.percent).toBe(15);
    p.update(100, 100);
    p.begin({ share: 0.7 }, 'reading');
    p.update(1, 2, 'half');
    expect(p.percent).toBe(65);
    p.update(2, 2, 'all');
    expect(p.percent).toBe(100);
    const total = reports.reduce((n, r) => n + (r.increment ?? 0), 0);
    expect(total).toBe(100);
    expect(reports.every((r) => r.increment === undefined || r.increment > 0)).toBe(true);
    expect(reports.map((r) => r.message).filter(Boolean)).toEqual(['indexing', 'reading', 'half', 'all']);
  });

  it('never goes backwards or past 100, and treats an empty phase as done', () => {
    const reports: Array<{ increment?: number }> = [];
    const p = new PhasedProgress({ report: (v) => reports.push(v) });
    p.begin({ share: 1 });
    p.update(80, 100);
    p.update(10, 100);
    p.update(500, 100);
    expect(p.percent).toBe(100);
    p.update(0, 0);
    expect(reports.reduce((n, r) => n + (r.increment ?? 0), 0)).toBe(100);
  });
});
