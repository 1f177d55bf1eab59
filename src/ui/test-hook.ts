/** `window.__hatang`: a small, stable surface for the end-to-end tests and the benchmark. */
import type { MapController } from '../map/controller';
import { dataWorker } from '../worker/client';
import { useAnalysis } from '../state/analysis';

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
