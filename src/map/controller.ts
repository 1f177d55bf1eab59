/**
 * The map as an imperative object outside React: MapLibre owns the camera and basemap,
 * one interleaved deck.gl overlay draws the data. React talks to it through the store.
 */
import { Map as MLMap, NavigationControl, ScaleControl, setWorkerUrl, type GeoJSONSource } from 'maplibre-gl';
import mlWorkerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Layer, PickingInfo } from '@deck.gl/core';
import { baseStyle } from './style';
import { applyFilter, buildLayer, highlightLayer, prepare, setPicking, MIN_ZOOM, type RenderData } from './layers';
import { iconAtlas } from './colors';
import { useView } from '../state/view';
import { dataWorker } from '../worker/client';
import * as Comlink from 'comlink';
import type { Filters } from '../core/data/columns';
import { useAnalysis } from '../state/analysis';
import { planLayers } from './plan-layers';
import { DrawController } from './draw';
import { SnapIndex } from './snap';
import { usePlan } from '../state/plan';
import { useEditor } from '../state/editor';
import type { CorridorGeometry } from '../worker/analysis';
import type { GeoFeature } from '../core/io/fgb';
import { useKpi } from '../state/kpi';
import { choroplethColor, gapLayer, type GapData } from './kpi-layers';
import { useReview } from '../state/review';
import { proposalLayer } from './review-layers';
import { proposalsFor } from '../core/review/proposals';

/** LineStrings of a GeoJSON collection as flat typed arrays (for snapping). */
function linesOf(features: GeoFeature[]) {
  const xs: number[] = [];
  const starts: number[] = [];
  for (const f of features) {
    if (f.geometry.type !== 'LineString') continue;
    starts.push(xs.length / 2);
    for (const [x, y] of f.geometry.coordinates as number[][]) xs.push(x, y);
  }
  starts.push(xs.length / 2);
  return { positions: Float64Array.from(xs), startIndices: Uint32Array.from(starts), length: starts.length - 1 };
}

setWorkerUrl(mlWorkerUrl);

/** Load order: small, meaningful layers first so the map is readable early. */
export const ASSET_LAYERS = ['zones', 'popcells', 'ducts', 'aerial', 'sites', 'stations', 'service', 'datacentres', 'critical', 'manholes', 'poles'];
const BASE_LAYERS = ['land', 'neighbours', 'communes', 'roads'];
const CITY_BOUNDS: [number, number, number, number] = [106.12, 20.62, 107.15, 21.24];

export class MapController {
  readonly map: MLMap;
  private overlay: MapLibreOverlay;
  private data = new Map<string, RenderData>();
  private atlas = iconAtlas();
  private cellM = 250;
  private selectedPos: [number, number] | null = null;
  private unsub: () => void;
  private filterSeq = 0;
  loadMs = 0;
  idleMs = 0;
  /** Milliseconds spent per layer (download + parse + first render), for the bench. */
  layerMs: Record<string, number> = {};

  constructor(private container: HTMLElement) {
    this.map = new MLMap({
      container,
      style: baseStyle(),
      bounds: CITY_BOUNDS,
      maxZoom: 19,
      attributionControl: false,
      canvasContextAttributes: { antialias: true, preserveDrawingBuffer: true },
    });
    this.map.addControl(new NavigationControl({ visualizePitch: false }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric', maxWidth: 140 }), 'bottom-right');
    this.map.dragRotate.disable();
    this.overlay = new MapLibreOverlay({
      interleaved: true,
      layers: [],
      onHover: (info) => this.onHover(info),
      getCursor: ({ isHovering }) => (isHovering ? 'pointer' : 'grab'),
    });
    this.map.addControl(this.overlay as never);
    // Picking on MapLibre's own click event: the overlay's onClick did not fire in interleaved
    // mode here, while hover did. pickObject with a small radius also forgives a slightly off click.
    this.map.on('click', (e) => {
      if (useEditor.getState().tool !== 'select') return;
      const info = this.overlay.pickObject({ x: e.point.x, y: e.point.y, radius: 4 });
      if (info?.layer?.id === 'review-proposals' && info.object) {
        useReview.getState().set({ selected: (info.object as { id: string }).id });
        return;
      }
      this.onClick(info);
    });
    this.map.on('zoomend', () => {
      useView.getState().setZoom(this.map.getZoom());
      this.render();
    });
    let prev = useView.getState();
    this.unsub = useView.subscribe((s) => {
      if (s.visible !== prev.visible || s.selection !== prev.selection) this.render();
      if (s.filters !== prev.filters) void this.refilter(s.filters);
      if (s.filters.commune !== prev.filters.commune) this.highlightCommune(s.filters.commune);
      prev = s;
    });
    this.unsubAnalysis = useAnalysis.subscribe(() => this.render());
    useReview.subscribe((s, p) => {
      if (s.proposals !== p.proposals || s.statuses !== p.statuses || s.as !== p.as || s.showOnMap !== p.showOnMap || s.open !== p.open || s.selected !== p.selected) this.render();
    });
    useKpi.subscribe((s, p) => {
      if (s.report !== p.report || s.indicator !== p.indicator) this.updateChoropleth();
      if (s.report !== p.report || s.gaps !== p.gaps) void this.updateGaps();
    });
    useEditor.subscribe((s, p) => {
      if (s.tool !== p.tool) setPicking(s.tool === 'select');
      if (s.year !== p.year || s.tool !== p.tool) this.render();
      if (s.year !== p.year) {
        this.updateChoropleth();
        void this.updateGaps();
      }
    });
  }
  private unsubAnalysis: () => void;
  private kpiStarted = false;
  private gaps: GapData | null = null;
  private gapSeq = 0;

  /** The year the scorecard overlays show: the timeline's year. */
  private kpiPhase() {
    return useEditor.getState().year;
  }

  private updateChoropleth() {
    if (!this.map.getLayer('communes-choro')) return;
    const s = useKpi.getState();
    const color = choroplethColor(s.report, this.kpiPhase(), s.indicator);
    if (color) this.map.setPaintProperty('communes-choro', 'fill-color', color as never);
    this.map.setLayoutProperty('communes-choro', 'visibility', color ? 'visible' : 'none');
  }

  private async updateGaps() {
    const s = useKpi.getState();
    const mine = ++this.gapSeq;
    if (s.gaps === 'none' || !s.report) {
      this.gaps = null;
      this.render();
      return;
    }
    const g = await dataWorker().kpiGaps(this.kpiPhase(), s.gaps);
    if (mine !== this.gapSeq) return;
    this.gaps = { kind: s.gaps, ...g };
    this.render();
  }

  /** Starts the indicators once the worker holds their layers (population, services, DCs). */
  private async startKpi() {
    if (this.kpiStarted || !this.analysisStarted) return;
    if (!(await dataWorker().prepareKpi())) return;
    this.kpiStarted = true;
    useKpi.getState().setReady();
  }
  private analysisStarted = false;
  draw: DrawController | null = null;
  private snap: SnapIndex | null = null;
  private roadLines: { positions: Float64Array; startIndices: Uint32Array; length: number } | null = null;
  private liveGeometry: CorridorGeometry | null = null;

  /** Built on first use: snapping targets from the typed arrays already on the main thread. */
  private snapIndex(): SnapIndex | null {
    if (this.snap) return this.snap;
    const lines = ['ducts', 'aerial'].map((id) => this.data.get(id)?.cols).filter((c): c is NonNullable<typeof c> => !!c && !!c.startIndices);
    const pts = ['sites', 'poles', 'stations'].map((id) => this.data.get(id)?.cols).filter((c): c is NonNullable<typeof c> => !!c);
    this.snap = new SnapIndex(
      [...lines.map((c) => ({ positions: c.positions, startIndices: c.startIndices!, length: c.length })), ...(this.roadLines ? [this.roadLines] : [])],
      pts,
    );
    return this.snap;
  }

  /** Starts the analysis as soon as the layers it needs are in the worker. */
  private async startAnalysis() {
    if (this.analysisStarted) return;
    const w = dataWorker();
    if (!(await w.prepareAnalysis())) return;
    this.analysisStarted = true;
    try {
      await usePlan.getState().init(() => w.fetchPlan());
    } catch (e) {
      useAnalysis.setState({ error: e instanceof Error ? e.message : String(e) });
    }
    this.draw = new DrawController(this.map, () => this.snapIndex());
    this.draw.onLive = (s) => {
      this.liveGeometry = s?.result?.geometry ?? null;
      useEditor.setState({
        live: s?.result ? { x: s.x, y: s.y, length_m: s.result.length_m, reuse_duct_m: s.result.reuse_duct_m, along_poles_m: s.result.along_poles_m, new_build_m: s.result.new_build_m } : null,
      });
      this.render();
    };
  }

  destroy() {
    this.unsub();
    this.unsubAnalysis();
    this.map.remove();
  }

  async load(): Promise<void> {
    const store = useView.getState();
    const t0 = performance.now();
    const w = dataWorker();
    try {
      const manifest = await w.init(new URL('data/', document.baseURI).href);
      store.setManifest(manifest);
      this.cellM = manifest.grid.cell_m;
      const order = [...BASE_LAYERS, ...ASSET_LAYERS].filter((id) => manifest.layers.some((l) => l.id === id));
      const total = order.reduce((s, id) => s + (manifest.layers.find((l) => l.id === id)?.bytes ?? 0), 0);
      let doneBytes = 0;
      store.setLoad({ phase: 'loading', totalBytes: total, layersTotal: order.length, layersDone: 0 });
      await new Promise<void>((res) => (this.map.loaded() ? res() : this.map.once('load', () => res())));
      for (const id of order) {
        const bytes = manifest.layers.find((l) => l.id === id)!.bytes;
        const tl = performance.now();
        useView.getState().setLoad({ current: id });
        const progress = Comlink.proxy((loaded: number) => useView.getState().setLoad({ loadedBytes: doneBytes + loaded }));
        if (BASE_LAYERS.includes(id)) {
          const fc = await w.loadGeoJson(id, progress);
          (this.map.getSource(id) as GeoJSONSource).setData(fc as never);
          if (id === 'roads') this.roadLines = linesOf(fc.features);
          if (id === 'communes') {
            const seats = fc.features.map((f) => ({
              type: 'Feature' as const,
              geometry: { type: 'Point' as const, coordinates: [Number(f.properties.seat_lon), Number(f.properties.seat_lat)] },
              properties: { name: f.properties.name, short_name: f.properties.short_name },
            }));
            (this.map.getSource('seats') as GeoJSONSource).setData({ type: 'FeatureCollection', features: seats } as never);
            useView
              .getState()
              .setCommuneNames(fc.features.map((f) => ({ code: String(f.properties.code), name: String(f.properties.name) })).sort((a, b) => a.name.localeCompare(b.name, 'vi')));
          }
        } else {
          const cols = await w.loadLayer(id, progress);
          this.data.set(id, prepare(cols));
          this.render();
          await this.startAnalysis();
          await this.startKpi();
        }
        doneBytes += bytes;
        this.layerMs[id] = Math.round(performance.now() - tl);
        useView.getState().setLoad({ loadedBytes: doneBytes, layersDone: useView.getState().load.layersDone + 1 });
      }
      this.loadMs = performance.now() - t0;
      useView.getState().setLoad({ phase: 'ready', current: '' });
      this.render();
      this.map.once('idle', () => {
        this.idleMs = performance.now() - t0;
        this.container.dataset.idle = 'true';
      });
      this.map.triggerRepaint();
    } catch (e) {
      useView.getState().setLoad({ phase: 'error', error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  private layerVisible(id: string): boolean {
    const s = useView.getState();
    return !!s.visible[id] && this.map.getZoom() >= (MIN_ZOOM[id] ?? 0);
  }

  render() {
    // Coverage gaps under the assets, so the sites near a gap stay visible.
    const layers: Layer[] = this.gaps ? [gapLayer(this.gaps, this.cellM)] : [];
    for (const id of ASSET_LAYERS) {
      const r = this.data.get(id);
      if (r) layers.push(...buildLayer(r, this.layerVisible(id), this.atlas, this.cellM));
    }
    const a = useAnalysis.getState();
    layers.push(
      ...planLayers(a.plan, a.result?.geometry ?? null, a.result?.report.colocation ?? [], {
        showPlan: a.showPlan,
        // Sharing rings carpet the city view: they appear from street scale (zoom 12) on.
        showClusters: a.showClusters && this.map.getZoom() >= 12,
        highlight: a.highlight,
        atlas: this.atlas,
      }),
    );
    const rv = useReview.getState();
    if (rv.open && rv.showOnMap && rv.proposals.length) {
      const shown = rv.as === 'so' ? rv.proposals : proposalsFor(rv.as, rv.proposals);
      layers.push(proposalLayer(shown, rv.statuses, rv.selected));
    }
    if (this.liveGeometry) layers.push(...planLayers(null, this.liveGeometry, [], { showPlan: true, showClusters: false, highlight: [], atlas: this.atlas, idPrefix: 'live' }));
    const sel = useView.getState().selection;
    const h = highlightLayer(sel ? this.selectedPos : null);
    if (h) layers.push(h);
    this.overlay.setProps({ layers });
  }

  private async refilter(filters: Filters) {
    const seq = ++this.filterSeq;
    const w = dataWorker();
    const masks = await Promise.all([...this.data.keys()].map(async (id) => [id, await w.filter(id, filters)] as const));
    if (seq !== this.filterSeq) return; // a newer filter superseded this one
    for (const [id, m] of masks) this.data.set(id, applyFilter(this.data.get(id)!, m));
    this.render();
  }

  private highlightCommune(code: string | null) {
    this.map.setFilter('communes-selected', ['==', ['get', 'code'], code ?? '']);
  }

  private layerIdOf(info: PickingInfo): string | null {
    const id = info.layer?.id;
    return id && this.data.has(id) ? id : null;
  }

  private onClick(info: PickingInfo | null) {
    const layerId = info ? this.layerIdOf(info) : null;
    if (!info || !layerId || info.index < 0) {
      useView.getState().select(null);
      return;
    }
    this.selectedPos = this.rowPosition(layerId, info.index);
    useView.getState().select({ layerId, row: info.index, x: info.x, y: info.y });
  }

  private onHover(info: PickingInfo) {
    const layerId = this.layerIdOf(info);
    const cur = useView.getState().hover;
    if (!layerId || info.index < 0) {
      if (cur) useView.getState().setHover(null);
      return;
    }
    if (cur && cur.layerId === layerId && cur.row === info.index) return;
    useView.getState().setHover({ layerId, row: info.index, x: info.x, y: info.y });
  }

  rowPosition(layerId: string, row: number): [number, number] | null {
    const r = this.data.get(layerId);
    if (!r || row < 0 || row >= r.cols.length) return null;
    const v = r.cols.startIndices ? r.cols.startIndices[row] : row;
    return [r.cols.positions[2 * v], r.cols.positions[2 * v + 1]];
  }

  selectRow(layerId: string, row: number) {
    this.selectedPos = this.rowPosition(layerId, row);
    useView.getState().select({ layerId, row, x: 0, y: 0 });
  }

  flyTo(lon: number, lat: number, zoom: number): Promise<void> {
    return new Promise((res) => {
      this.map.once('moveend', () => this.map.once('idle', () => res()));
      this.map.jumpTo({ center: [lon, lat], zoom });
    });
  }

  fitBounds(b: [number, number, number, number]) {
    this.map.fitBounds(b, { padding: 60, duration: 600, maxZoom: 15 });
  }

  /** Rows of a layer inside the current view that pass the filters (for tests and counts). */
  visibleRows(layerId: string, limit = 1): number[] {
    const r = this.data.get(layerId);
    if (!r) return [];
    const b = this.map.getBounds();
    const out: number[] = [];
    const c = r.cols;
    // Stay clear of the edges so a click lands on the map, not under a panel.
    const padX = (b.getEast() - b.getWest()) * 0.3;
    const padY = (b.getNorth() - b.getSouth()) * 0.3;
    for (let i = 0; i < c.length && out.length < limit; i++) {
      const v = c.startIndices ? c.startIndices[i] : i;
      const x = c.positions[2 * v];
      const y = c.positions[2 * v + 1];
      const f = c.startIndices ? r.filter[v] : r.filter[i];
      if (f > 0 && x > b.getWest() + padX && x < b.getEast() - padX && y > b.getSouth() + padY && y < b.getNorth() - padY) out.push(i);
    }
    return out;
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [id, r] of this.data) out[id] = r.cols.length;
    return out;
  }
}
