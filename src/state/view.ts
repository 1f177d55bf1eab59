/** View state: what is shown and selected. Typed arrays never live here (see src/map). */
import { create } from 'zustand';
import type { Manifest } from '../core/model/manifest';
import type { Filters } from '../core/data/columns';

export interface Pick {
  layerId: string;
  row: number;
  x: number;
  y: number;
}

export interface LoadState {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  current: string;
  loadedBytes: number;
  totalBytes: number;
  layersDone: number;
  layersTotal: number;
  error: string | null;
}

export interface ViewState {
  manifest: Manifest | null;
  visible: Record<string, boolean>;
  filters: Filters;
  selection: Pick | null;
  hover: Pick | null;
  load: LoadState;
  zoom: number;
  communeNames: { code: string; name: string }[];
  setManifest: (m: Manifest) => void;
  toggle: (id: string, on?: boolean) => void;
  setFilters: (f: Partial<Filters>) => void;
  resetFilters: () => void;
  select: (p: Pick | null) => void;
  setHover: (p: Pick | null) => void;
  setLoad: (l: Partial<LoadState>) => void;
  setZoom: (z: number) => void;
  setCommuneNames: (c: { code: string; name: string }[]) => void;
}

export const NO_FILTERS: Filters = { owners: null, statuses: null, phases: null, commune: null };

const DEFAULT_VISIBLE: Record<string, boolean> = {
  sites: true,
  ducts: true,
  aerial: true,
  manholes: true,
  poles: true,
  stations: true,
  service: true,
  datacentres: true,
  zones: true,
  popcells: false,
  critical: true,
};

function savedVisible(): Record<string, boolean> {
  try {
    const s = localStorage.getItem('hatang.visible');
    return s ? { ...DEFAULT_VISIBLE, ...JSON.parse(s) } : DEFAULT_VISIBLE;
  } catch {
    return DEFAULT_VISIBLE;
  }
}

export const useView = create<ViewState>((set, get) => ({
  manifest: null,
  visible: savedVisible(),
  filters: NO_FILTERS,
  selection: null,
  hover: null,
  load: { phase: 'idle', current: '', loadedBytes: 0, totalBytes: 0, layersDone: 0, layersTotal: 0, error: null },
  zoom: 9,
  communeNames: [],
  setManifest: (manifest) => set({ manifest }),
  toggle: (id, on) => {
    const visible = { ...get().visible, [id]: on ?? !get().visible[id] };
    localStorage.setItem('hatang.visible', JSON.stringify(visible));
    set({ visible });
  },
  setFilters: (f) => set({ filters: { ...get().filters, ...f } }),
  resetFilters: () => set({ filters: NO_FILTERS }),
  select: (selection) => set({ selection }),
  setHover: (hover) => set({ hover }),
  setLoad: (l) => set({ load: { ...get().load, ...l } }),
  setZoom: (zoom) => set({ zoom }),
  setCommuneNames: (communeNames) => set({ communeNames }),
}));
