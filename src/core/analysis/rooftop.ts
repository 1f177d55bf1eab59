/** R4: automatic A1/A2 classification of rooftop masts: A1 if h <= min(20% H, 3 m). */
import type { SiteRow } from './context';
import type { AnalysisParams } from './params';
import { finding, fmt } from './finding';
import type { Finding } from './types';

export function a1Limit(hostHeight: number, p: AnalysisParams): number {
  return Math.min(p.a1HeightRatio * hostHeight, p.a1HeightCap_m);
}

export function classifyRooftop(height: number, hostHeight: number, p: AnalysisParams): 'A1' | 'A2' {
  return height <= a1Limit(hostHeight, p) ? 'A1' : 'A2';
}

export function checkRooftop(site: SiteRow, p: AnalysisParams): Finding | null {
  if ((site.code !== 'ANT_A1A' && site.code !== 'ANT_A2A') || !(site.host > 0) || !(site.height >= 0)) return null;
  const limit = Math.round(a1Limit(site.host, p) * 100) / 100;
  const cls = classifyRooftop(site.height, site.host, p);
  if (site.code === 'ANT_A1A' && cls === 'A2') {
    return finding(
      'R4',
      site.status === 'planned' ? 'error' : 'warning',
      [site.id],
      site.height,
      limit,
      `Cột ${site.id} khai báo A1a nhưng cao ${fmt(site.height)} m > ${limit} m (min(20% × ${fmt(site.host)} m, 3 m)): là cột cồng kềnh A2a.`,
      `Mast ${site.id} is coded A1a but is ${fmt(site.height)} m tall, over ${limit} m (min(20% of ${fmt(site.host)} m, 3 m)): it is a bulky A2a.`,
      site.lon,
      site.lat,
    );
  }
  if (site.code === 'ANT_A2A' && cls === 'A1') {
    return finding(
      'R4',
      'info',
      [site.id],
      site.height,
      limit,
      `Cột ${site.id} khai báo A2a nhưng chỉ cao ${fmt(site.height)} m ≤ ${limit} m: đủ điều kiện A1a.`,
      `Mast ${site.id} is coded A2a but is only ${fmt(site.height)} m tall (≤ ${limit} m): it qualifies as A1a.`,
      site.lon,
      site.lat,
    );
  }
  return null;
}
