/** `window.__hatang`: a small, stable surface for the end-to-end tests and the benchmark. */
import type { MapController } from '../map/controller';
import { dataWorker } from '../worker/client';
import { useAnalysis } from '../state/analysis';
import { usePlan } from '../state/plan';
import { useKpi } from '../state/kpi';

declare global {
  interface Window {
    __hatang?: Record<string, unknown>;
  }
}

export function installTestHook(c: MapController) {
  window.__hatang = {
    async screenOf(layerId: string, featureId: string): Promise<[number, number] | null> {
      const loc = await dataWorker().locate(layerId, featureId);
      if (!loc) return null;
      const p = c.map.project([loc.lon, loc.lat]);
      const r = c.map.getCanvas().getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    },
    async firstVisible(layerId: string): Promise<string | null> {
      const [row] = c.visibleRows(layerId, 1);
      if (row === undefined) return null;
      const p = await dataWorker().props(layerId, row);
      return p ? String(p.id) : null;
    },
    project: (lon: number, lat: number) => {
      const p = c.map.project([lon, lat]);
      const r = c.map.getCanvas().getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    },
    /** The scorecard figures per year (null until the indicators are computed). */
    kpi: () => {
      const r = useKpi.getState().report;
      if (!r) return null;
      const fig = (ph: '2025' | '2030' | '2040') => {
        const k = r.phases[ph];
        return { population_total: k.population_total, population_5g: k.population_5g, pct_5g: k.pct_5g, population_fibre: k.population_fibre, pct_fibre: k.pct_fibre, wifi_centres: k.wifi_centres };
      };
      return { '2025': fig('2025'), '2030': fig('2030'), '2040': fig('2040'), computed: r.computed, ms: useKpi.getState().ms, change: useKpi.getState().change };
    },
    plan: () => {
      const s = usePlan.getState();
      return { id: s.doc?.id, name: s.doc?.name, features: s.doc?.features.length ?? 0, ids: s.doc?.features.map((f) => String(f.properties.id)) ?? [], past: s.history.past.length, future: s.history.future.length };
    },
    drawState: () =>
      c.draw
        ? {
            mode: c.draw.draw.getMode(),
            state: c.draw.draw.getModeState(),
            drawing: c.draw.draw
              .getSnapshot()
              .filter((f) => String(f.id).startsWith('tmp-'))
              .map((f) => ({ id: f.id, type: f.geometry.type, n: Array.isArray(f.geometry.coordinates) ? f.geometry.coordinates.length : 0, props: f.properties })),
          }
        : null,
    /** Moves one corridor by ~1 m and resolves with the ms until the findings are updated (bench). */
    async benchEdit(): Promise<number> {
      const s = usePlan.getState();
      const f = s.doc?.features.find((x) => x.properties.code === 'CORRIDOR');
      if (!f) return NaN;
      const moved = { ...f, geometry: { ...f.geometry, coordinates: (f.geometry.coordinates as number[][]).map(([x, y]) => [x + 1e-5, y]) } };
      const before = useAnalysis.getState().result;
      const t0 = performance.now();
      const done = new Promise<void>((res) => {
        const un = useAnalysis.subscribe((st) => {
          if (st.result !== before && !st.running) {
            un();
            res();
          }
        });
      });
      s.update([moved], 'bench edit');
      await done;
      const ms = performance.now() - t0;
      usePlan.getState().undo();
      return ms;
    },
    center: () => {
      const m = c.map.getCenter();
      return [m.lng, m.lat, c.map.getZoom()];
    },
    analysis: () => {
      const a = useAnalysis.getState();
      return { findings: a.result?.report.findings.length ?? 0, selected: a.selected, highlight: a.highlight.length, corridors: a.result?.report.corridors.length ?? 0 };
    },
    flyTo: (lon: number, lat: number, zoom: number) => c.flyTo(lon, lat, zoom),
    stats: () => ({ loadMs: Math.round(c.loadMs), idleMs: Math.round(c.idleMs), layers: c.counts(), layerMs: c.layerMs }),
  };
}
