/** Editor state: the active tool, defaults for new features, the plan selection, the year shown. */
import { create } from 'zustand';
import type { Year } from '../core/plan/phase';

export type Tool = 'select' | 'corridor' | 'duct' | 'aerial' | 'road' | 'site' | 'pole' | 'station' | 'service' | 'dc' | 'zone' | 'split';

export const TOOL_GEOMETRY: Record<Tool, 'line' | 'point' | 'polygon' | null> = {
  select: null,
  split: null,
  corridor: 'line',
  duct: 'line',
  aerial: 'line',
  road: 'line',
  site: 'point',
  pole: 'point',
  station: 'point',
  service: 'point',
  dc: 'point',
  zone: 'polygon',
};

export const TOOL_CODE: Record<Tool, string> = {
  select: '',
  split: '',
  corridor: 'CORRIDOR',
  duct: 'UG_DUCT',
  aerial: 'ROUTE_AERIAL',
  road: 'ROAD',
  site: 'ANT_A2A',
  pole: 'POLE_TELECOM',
  station: 'STATION',
  service: 'SVC_UNSTAFFED',
  dc: 'DC',
  zone: 'ZONE_A1_ONLY',
};

export type { Year };

/** Numbers of the live corridor split (geometry stays in the map controller). */
export interface LiveNumbers {
  x: number;
  y: number;
  length_m: number;
  reuse_duct_m: number;
  along_poles_m: number;
  new_build_m: number;
}

export interface EditorState {
  live: LiveNumbers | null;
  tool: Tool;
  siteCode: string;
  zoneCode: string;
  owner: string;
  phase: '2030' | '2040';
  snapping: boolean;
  selected: string[];
  year: Year;
  setTool: (t: Tool) => void;
  set: (p: Partial<Pick<EditorState, 'siteCode' | 'zoneCode' | 'owner' | 'phase' | 'snapping'>>) => void;
  select: (ids: string[]) => void;
  toggleSelect: (id: string) => void;
  setYear: (y: Year) => void;
}

export const useEditor = create<EditorState>((set, get) => ({
  live: null,
  tool: 'select',
  siteCode: 'ANT_A1A',
  zoneCode: 'ZONE_A1_ONLY',
  owner: 'shared',
  phase: '2030',
  snapping: true,
  selected: [],
  year: '2040',
  setTool: (tool) => set({ tool }),
  set: (p) => set(p),
  select: (selected) => set({ selected }),
  toggleSelect: (id) => {
    const cur = get().selected;
    set({ selected: cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id] });
  },
  setYear: (year) => set({ year }),
}));

export { inYear } from '../core/plan/phase';
