/**
 * Regenerates seeds/facts/communes.json, the small facts table the seed falls back on when
 * ../shared/data is absent: code, names, type, 2025 population, area and committee seat of
 * the 114 communes. Run by hand: `npx tsx seeds/facts/make-facts.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSharedData } from '../shared-path';
import { communeType } from '../base';

const dir = findSharedData();
if (!dir) throw new Error('../shared/data not found');
const wards = JSON.parse(readFileSync(join(dir, 'hp-admin-2025/hai_phong_wards_2025.geojson'), 'utf8'));
const rows = wards.features
  .map((f: { properties: Record<string, string | number> }) => {
    const p = f.properties;
    return {
      code: String(p.ma_xa),
      name: String(p.ten_day_du).normalize('NFC'),
      short_name: String(p.ten).normalize('NFC'),
      type: communeType(String(p.loai)),
      population: Number(p.dan_so),
      area_km2: Number(p.dtich_km2),
      seat: [Number(p.tru_so_lon), Number(p.tru_so_lat)],
    };
  })
  .sort((a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code));
writeFileSync(
  new URL('./communes.json', import.meta.url),
  '[\n' + rows.map((r: unknown) => '  ' + JSON.stringify(r)).join(',\n') + '\n]\n',
);
console.log(`wrote ${rows.length} communes`);
