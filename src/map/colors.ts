/** Colours and icon shapes of the map, shared by the map layers and the legend. */
import { OWNERS } from '../core/model/taxonomy';

export type RGBA = [number, number, number, number];

export const OWNER_COLORS: Record<string, RGBA> = {
  Viettel: [214, 32, 39, 255],
  VNPT: [31, 104, 180, 255],
  MobiFone: [122, 62, 176, 255],
  Vietnamobile: [240, 128, 24, 255],
  TowerCo: [24, 140, 70, 255],
  FPT: [0, 150, 160, 255],
  city: [90, 90, 90, 255],
  EVN: [150, 110, 50, 255],
  shared: [196, 158, 0, 255],
};
export const UNKNOWN_COLOR: RGBA = [128, 128, 128, 255];
export const OWNER_COLOR_BY_INDEX: RGBA[] = OWNERS.map((o) => OWNER_COLORS[o]);

export const ZONE_COLORS: Record<string, RGBA> = {
  ZONE_A1_ONLY: [214, 32, 39, 45],
  ZONE_AVIATION_OLS: [40, 90, 200, 35],
  ZONE_IZ: [130, 80, 160, 40],
};
export const ZONE_LINE_COLORS: Record<string, RGBA> = {
  ZONE_A1_ONLY: [214, 32, 39, 200],
  ZONE_AVIATION_OLS: [40, 90, 200, 200],
  ZONE_IZ: [130, 80, 160, 200],
};

/** Population per 250 m cell -> colour (sequential, light to dark). */
export const DENSITY_STOPS: [number, RGBA][] = [
  [0, [255, 255, 204, 0]],
  [50, [255, 237, 160, 140]],
  [200, [254, 217, 118, 160]],
  [500, [254, 178, 76, 170]],
  [1000, [253, 141, 60, 180]],
  [2000, [240, 59, 32, 190]],
  [4000, [189, 0, 38, 200]],
];

export function densityColor(v: number): RGBA {
  let c = DENSITY_STOPS[0][1];
  for (const [t, col] of DENSITY_STOPS) if (v >= t) c = col;
  return c;
}

/** Icon shapes: one per antenna type and per point group. */
export const ICONS = ['circle', 'diamond', 'square', 'triangle', 'hexagon', 'star', 'ring', 'cross'] as const;
export type IconName = (typeof ICONS)[number];

export const CODE_ICON: Record<string, IconName> = {
  ANT_A1A: 'circle',
  ANT_A1B: 'diamond',
  ANT_A2A: 'square',
  ANT_A2B: 'triangle',
  ANT_A2C: 'square',
  STATION: 'hexagon',
  DC: 'star',
  SVC_STAFFED: 'circle',
  SVC_UNSTAFFED: 'ring',
  CRIT_SECURITY: 'cross',
};
export const CODE_SIZE: Record<string, number> = {
  ANT_A1A: 11,
  ANT_A1B: 13,
  ANT_A2A: 15,
  ANT_A2B: 18,
  STATION: 14,
  DC: 26,
  SVC_STAFFED: 9,
  SVC_UNSTAFFED: 11,
  CRIT_SECURITY: 16,
};

const CELL = 64;

/** Draws one shape centred in a CELL x CELL box (used for the deck atlas and the legend). */
export function drawIcon(g: CanvasRenderingContext2D, name: IconName, ox: number, oy: number, size = CELL) {
  const c = size / 2;
  const r = size * 0.42;
  g.save();
  g.translate(ox, oy);
  g.fillStyle = '#fff';
  g.strokeStyle = '#fff';
  g.lineWidth = size * 0.14;
  g.beginPath();
  const poly = (n: number, rot: number, rr = r) => {
    for (let k = 0; k < n; k++) {
      const a = rot + (2 * Math.PI * k) / n;
      const x = c + rr * Math.cos(a);
      const y = c + rr * Math.sin(a);
      if (k) g.lineTo(x, y);
      else g.moveTo(x, y);
    }
    g.closePath();
  };
  switch (name) {
    case 'circle':
      g.arc(c, c, r * 0.9, 0, 2 * Math.PI);
      g.fill();
      break;
    case 'diamond':
      poly(4, -Math.PI / 2);
      g.fill();
      break;
    case 'square':
      g.rect(c - r * 0.8, c - r * 0.8, r * 1.6, r * 1.6);
      g.fill();
      break;
    case 'triangle':
      poly(3, -Math.PI / 2, r * 1.1);
      g.fill();
      break;
    case 'hexagon':
      poly(6, 0);
      g.fill();
      break;
    case 'star':
      for (let k = 0; k < 10; k++) {
        const a = -Math.PI / 2 + (Math.PI * k) / 5;
        const rr = k % 2 ? r * 0.45 : r;
        const x = c + rr * Math.cos(a);
        const y = c + rr * Math.sin(a);
        if (k) g.lineTo(x, y);
        else g.moveTo(x, y);
      }
      g.closePath();
      g.fill();
      break;
    case 'ring':
      g.arc(c, c, r * 0.75, 0, 2 * Math.PI);
      g.stroke();
      break;
    case 'cross':
      g.moveTo(c - r * 0.8, c - r * 0.8);
      g.lineTo(c + r * 0.8, c + r * 0.8);
      g.moveTo(c + r * 0.8, c - r * 0.8);
      g.lineTo(c - r * 0.8, c + r * 0.8);
      g.lineWidth = size * 0.2;
      g.stroke();
      break;
  }
  g.restore();
}

export function iconAtlas(): { canvas: HTMLCanvasElement; mapping: Record<string, { x: number; y: number; width: number; height: number; mask: boolean }> } {
  const canvas = document.createElement('canvas');
  canvas.width = CELL * ICONS.length;
  canvas.height = CELL;
  const g = canvas.getContext('2d')!;
  const mapping: Record<string, { x: number; y: number; width: number; height: number; mask: boolean }> = {};
  ICONS.forEach((name, i) => {
    drawIcon(g, name, i * CELL, 0);
    mapping[name] = { x: i * CELL, y: 0, width: CELL, height: CELL, mask: true };
  });
  return { canvas, mapping };
}

export function css(c: RGBA): string {
  return `rgba(${c[0]},${c[1]},${c[2]},${(c[3] / 255).toFixed(2)})`;
}
