/**
 * Drawing and editing plan features with terra-draw on the MapLibre map. terra-draw holds
 * only the plan's features (never the baseline, which is read-only); every finished edit
 * becomes one command in the plan store (undoable), and the store is mirrored back here.
 * While a corridor is drawn, the worker measures its reuse split on every pointer move.
 */
import {
  TerraDraw,
  TerraDrawLineStringMode,
  TerraDrawPointMode,
  TerraDrawPolygonMode,
  TerraDrawSelectMode,
  type GeoJSONStoreFeatures,
  type TerraDrawMouseEvent,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';
import type { Map as MLMap } from 'maplibre-gl';
import { SnapIndex, metresPerPixel } from './snap';
import { useEditor, TOOL_CODE, TOOL_GEOMETRY, inYear, type Tool } from '../state/editor';
import { usePlan } from '../state/plan';
import { useAnalysis } from '../state/analysis';
import { dataWorker } from '../worker/client';
import type { GeoFeature } from '../core/io/fgb';
import type { LiveCorridor } from '../worker/analysis';
import { nextFeatureId } from '../core/plan/doc';
import { splitLineAt } from '../core/plan/split';

const SNAP_PX = 12;
const PREFIX: Record<string, string> = {
  CORRIDOR: 'plan-cor',
  UG_DUCT: 'plan-duct',
  ROUTE_AERIAL: 'plan-aer',
  ROAD: 'plan-road',
  POLE_TELECOM: 'plan-pole',
  STATION: 'plan-stn',
  SVC_UNSTAFFED: 'plan-svc',
  DC: 'plan-dc',
};

export interface LiveState {
  x: number;
  y: number;
  result: LiveCorridor | null;
}

let tmpCounter = 0;

export class DrawController {
  readonly draw: TerraDraw;
  private syncing = false;
  private liveSeq = 0;
  private pendingLive: number[][] | null = null;
  private liveTimer = 0;
  onLive: (s: LiveState | null) => void = () => {};
  private lastPointer = { x: 0, y: 0 };
  private unsubs: (() => void)[] = [];

  constructor(
    private map: MLMap,
    private snapIndex: () => SnapIndex | null,
  ) {
    const snapping = {
      toCustom: (e: TerraDrawMouseEvent) => {
        this.lastPointer = { x: e.containerX, y: e.containerY };
        // Alt suspends snapping while held; the toolbar switch turns it off for good.
        if (!useEditor.getState().snapping || e.heldKeys.includes('Alt')) return undefined;
        const idx = this.snapIndex();
        if (!idx) return undefined;
        const hit = idx.snap(e.lng, e.lat, SNAP_PX * metresPerPixel(e.lat, this.map.getZoom()));
        return hit ? [hit.lon, hit.lat] : undefined;
      },
    };
    const editable = { feature: { draggable: true, coordinates: { midpoints: true, draggable: true, deletable: true } } };
    this.draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map, prefixId: 'td' }),
      idStrategy: { isValidId: (id) => typeof id === 'string' && id.length > 0, getId: () => `tmp-${++tmpCounter}` },
      modes: [
        new TerraDrawSelectMode({
          flags: { linestring: editable, point: { feature: { draggable: true } }, polygon: editable },
          styles: { selectedLineStringColor: '#1d4ed8', selectedLineStringWidth: 4, selectedPointColor: '#1d4ed8', selectionPointColor: '#1d4ed8', midPointColor: '#60a5fa' },
        }),
        new TerraDrawLineStringMode({
          snapping,
          styles: { lineStringColor: '#1f2937', lineStringWidth: 1.5, snappingPointColor: '#f59e0b', snappingPointWidth: 7, snappingPointOutlineColor: '#ffffff', snappingPointOutlineWidth: 2 },
        }),
        new TerraDrawPointMode({ snapping, styles: { pointColor: '#111827', pointWidth: 1, pointOpacity: 0.05 } }),
        new TerraDrawPolygonMode({ snapping, styles: { fillColor: '#dc2626', fillOpacity: 0.12, outlineColor: '#b91c1c', outlineWidth: 2 } }),
      ],
    });
    this.draw.start();
    this.draw.setMode('select');
    this.draw.on('finish', (id, ctx) => void this.onFinish(String(id), ctx as { action?: string; mode?: string }));
    this.draw.on('change', (ids, type) => this.onChange(ids.map(String), type));
    this.draw.on('select', (id) => useEditor.getState().select([String(id)]));
    this.draw.on('deselect', () => {
      // sync() removes and re-adds every feature; that must not drop the selection (the
      // attribute form closed after each valid keystroke, and undo/redo lost the selection).
      if (this.syncing) return;
      if (useEditor.getState().selected.length <= 1) useEditor.getState().select([]);
    });
    this.map.getCanvas().addEventListener('pointermove', (e) => (this.lastPointer = { x: e.offsetX, y: e.offsetY }));
    this.map.on('click', (e) => {
      if (useEditor.getState().tool === 'split') void this.splitAt(e.lngLat.lng, e.lngLat.lat);
    });
    this.unsubs.push(
      usePlan.subscribe((s, prev) => {
        if (s.doc !== prev.doc) this.sync();
      }),
      useEditor.subscribe((s, prev) => {
        if (s.tool !== prev.tool) this.applyTool(s.tool);
        if (s.year !== prev.year) this.sync();
        if (s.selected !== prev.selected && s.selected.length === 1 && s.tool === 'select') this.selectInDraw(s.selected[0]);
      }),
    );
    this.sync();
  }

  destroy() {
    this.unsubs.forEach((u) => u());
    this.draw.stop();
  }

  private applyTool(tool: Tool) {
    const g = TOOL_GEOMETRY[tool];
    this.onLive(null);
    this.draw.setMode(g === 'line' ? 'linestring' : g === 'point' ? 'point' : g === 'polygon' ? 'polygon' : 'select');
    this.sync();
    this.map.getCanvas().style.cursor = tool === 'select' ? '' : 'crosshair';
  }

  /** Mirrors the plan (features of the chosen year) into terra-draw's store. */
  sync() {
    const doc = usePlan.getState().doc;
    if (!doc) return;
    const year = useEditor.getState().year;
    this.syncing = true;
    try {
      const keep = this.draw.getModeState() === 'drawing' ? new Set(this.draw.getSnapshot().filter((f) => String(f.id).startsWith('tmp-')).map((f) => f.id)) : new Set();
      const drop = this.draw.getSnapshot().filter((f) => !keep.has(f.id)).map((f) => f.id!);
      if (drop.length) this.draw.removeFeatures(drop);
      const feats: GeoJSONStoreFeatures[] = [];
      // Plan features sit in terra-draw's store only while selecting: a drawing mode then
      // sees nothing but its own new feature (clicks on an existing line were swallowed).
      const editing = useEditor.getState().tool === 'select' || useEditor.getState().tool === 'split';
      for (const f of editing ? doc.features : []) {
        if (!inYear(f.properties.phase, year)) continue;
        const mode = f.geometry.type === 'Point' ? 'point' : f.geometry.type === 'LineString' ? 'linestring' : f.geometry.type === 'Polygon' ? 'polygon' : null;
        if (!mode) continue;
        feats.push({ type: 'Feature', id: String(f.properties.id), geometry: f.geometry as never, properties: { mode, code: String(f.properties.code) } });
      }
      const res = this.draw.addFeatures(feats);
      const bad = res.filter((r) => !r.valid);
      if (bad.length) console.warn(`terra-draw refused ${bad.length} plan feature(s):`, bad.slice(0, 3));
      // Keep the selection, less the features that are gone (e.g. an undone add).
      const have = new Set(doc.features.map((f) => String(f.properties.id)));
      const sel = useEditor.getState().selected;
      const kept = sel.filter((id) => have.has(id));
      if (kept.length !== sel.length) useEditor.getState().select(kept);
      if (kept.length === 1 && useEditor.getState().tool === 'select') this.selectInDraw(kept[0]);
    } finally {
      this.syncing = false;
    }
  }

  private selectInDraw(id: string) {
    if (this.draw.getMode() !== 'select') return;
    if (!this.draw.getSnapshotFeature(id)) return;
    try {
      this.draw.selectFeature(id);
    } catch {
      /* already selected */
    }
  }

  private onChange(ids: string[], type: string) {
    if (this.syncing) return;
    const tool = useEditor.getState().tool;
    if (type === 'update' && TOOL_GEOMETRY[tool] === 'line' && this.draw.getModeState() === 'drawing') {
      const f = this.draw.getSnapshotFeature(ids[0]);
      if (f && f.geometry.type === 'LineString') this.requestLive(f.geometry.coordinates as number[][]);
    }
  }

  /** At most one worker request in flight; the newest geometry wins (no stutter, no backlog). */
  private requestLive(coords: number[][]) {
    this.pendingLive = coords;
    if (this.liveTimer) return;
    this.liveTimer = requestAnimationFrame(async () => {
      this.liveTimer = 0;
      const c = this.pendingLive;
      this.pendingLive = null;
      if (!c) return;
      const seq = ++this.liveSeq;
      const r = await dataWorker().liveCorridor(c, useAnalysis.getState().params);
      if (seq !== this.liveSeq || TOOL_GEOMETRY[useEditor.getState().tool] !== 'line') return;
      this.onLive({ x: this.lastPointer.x, y: this.lastPointer.y, result: r });
    });
  }

  private async onFinish(id: string, ctx: { action?: string; mode?: string }) {
    const snap = this.draw.getSnapshotFeature(id);
    if (!snap) return;
    const ed = useEditor.getState();
    const plan = usePlan.getState();
    if (!plan.doc) return;
    if (ctx.action === 'draw' || id.startsWith('tmp-')) {
      this.liveSeq++;
      this.onLive(null);
      const code = ed.tool === 'site' ? ed.siteCode : ed.tool === 'zone' ? ed.zoneCode : TOOL_CODE[ed.tool];
      if (!code) return;
      const g = snap.geometry as GeoFeature['geometry'];
      const first = firstCoord(g.coordinates);
      const commune = await dataWorker().communeAt(first[0], first[1]);
      const prefix = code.startsWith('ANT_') ? 'plan-site' : code.startsWith('ZONE_') ? 'plan-zone' : (PREFIX[code] ?? 'plan-f');
      const feature: GeoFeature = {
        type: 'Feature',
        geometry: g,
        properties: { id: nextFeatureId(usePlan.getState().doc!.features, prefix), code, ...defaultsFor(code, ed.owner), status: 'planned', phase: ed.phase, commune_code: commune },
      };
      this.draw.removeFeatures([id]);
      usePlan.getState().add([feature], `draw ${code}`);
      useEditor.getState().select([String(feature.properties.id)]);
      return;
    }
    // An edit in select mode: move, reshape, vertex insert or delete.
    const old = plan.doc.features.find((f) => String(f.properties.id) === id);
    if (!old) return;
    const moved: GeoFeature = { ...old, geometry: snap.geometry as GeoFeature['geometry'] };
    if (JSON.stringify(moved.geometry) !== JSON.stringify(old.geometry)) plan.update([moved], 'edit geometry');
  }

  private async splitAt(lon: number, lat: number) {
    const ed = useEditor.getState();
    const doc = usePlan.getState().doc;
    const id = ed.selected[0];
    const f = doc?.features.find((x) => String(x.properties.id) === id);
    if (!f || f.geometry.type !== 'LineString') return;
    const parts = splitLineAt(f.geometry.coordinates as number[][], lon, lat);
    if (!parts) return;
    const prefix = String(f.properties.id).replace(/-\d+$/, '');
    const a: GeoFeature = { ...f, geometry: { type: 'LineString', coordinates: parts[0] } };
    const b: GeoFeature = {
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: parts[1] },
      properties: { ...f.properties, id: nextFeatureId(doc!.features, prefix) },
    };
    usePlan.getState().split(String(f.properties.id), [a, b]);
    useEditor.getState().setTool('select');
  }
}

function firstCoord(c: unknown): number[] {
  let x = c as unknown[];
  while (Array.isArray(x[0])) x = x[0] as unknown[];
  return x as number[];
}

/** Attribute defaults of a new feature, so it is valid from the start. */
export function defaultsFor(code: string, owner: string): Record<string, unknown> {
  const carrierOwner = owner === 'shared' || owner === 'city' ? 'Viettel' : owner;
  if (code.startsWith('ANT_'))
    return {
      owner: carrierOwner,
      height_m: code === 'ANT_A1A' ? 2.5 : code === 'ANT_A2B' ? 40 : 12,
      host_building_height_m: code === 'ANT_A1A' || code === 'ANT_A2A' ? 20 : null,
      structure: code === 'ANT_A2B' ? 'self_supporting' : code === 'ANT_A1B' ? 'camouflaged' : 'rooftop_mast',
      tech: '4G,5G',
      tenants: carrierOwner,
    };
  switch (code) {
    case 'UG_DUCT':
      return { owner, n_ducts: 4, n_free_ducts: 4, diameter_mm: 110 };
    case 'ROUTE_AERIAL':
      return { owner, tier: 'distribution', n_cables: 1 };
    case 'POLE_TELECOM':
      return { owner, height_m: 7 };
    case 'STATION':
      return { owner: carrierOwner, subtype: 'OLT' };
    case 'SVC_UNSTAFFED':
      return { owner: carrierOwner, subtype: 'wifi', free: true };
    case 'DC':
      return { owner, tier: 3, it_mw: 5, pue: 1.35, operator: owner };
    case 'ROAD':
      return { owner: 'city', road_class: 'urban_main' };
    default:
      return { owner };
  }
}
