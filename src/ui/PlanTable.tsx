import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import { usePlan } from '../state/plan';
import { useEditor } from '../state/editor';
import { mapController } from './MapView';
import { polylineLengthM } from '../core/geo/ellipsoid';
import { formatNumber } from '../i18n';
import type { GeoFeature } from '../core/io/fgb';

type Col = 'id' | 'code' | 'owner' | 'phase' | 'status' | 'length';
const COLS: Col[] = ['id', 'code', 'owner', 'phase', 'status', 'length'];

function lengthOf(f: GeoFeature): number {
  return f.geometry.type === 'LineString' ? polylineLengthM((f.geometry.coordinates as number[][]).flat()) : 0;
}

function centre(f: GeoFeature): [number, number] {
  const c = f.geometry.coordinates as unknown;
  if (f.geometry.type === 'Point') return c as [number, number];
  const pts = (f.geometry.type === 'Polygon' ? (c as number[][][])[0] : (c as number[][])) ?? [];
  const m = pts[Math.floor(pts.length / 2)] ?? [0, 0];
  return [m[0], m[1]];
}

/** Every plan feature, sortable and filterable, virtualised; rows follow the map selection. */
export function PlanTable() {
  const { t, i18n } = useTranslation();
  const features = usePlan((s) => s.doc?.features ?? []);
  const selected = useEditor((s) => s.selected);
  const [sort, setSort] = useState<{ col: Col; dir: 1 | -1 }>({ col: 'id', dir: 1 });
  const [q, setQ] = useState('');
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const list = features
      .map((f) => ({ f, id: String(f.properties.id), code: String(f.properties.code), owner: String(f.properties.owner ?? ''), phase: String(f.properties.phase ?? ''), status: String(f.properties.status ?? ''), length: lengthOf(f) }))
      .filter((r) => !needle || `${r.id} ${r.code} ${r.owner} ${r.phase} ${r.status} ${String(r.f.properties.name ?? '')}`.toLowerCase().includes(needle));
    list.sort((a, b) => {
      const x = a[sort.col];
      const y = b[sort.col];
      return (typeof x === 'number' ? x - (y as number) : String(x).localeCompare(String(y))) * sort.dir;
    });
    return list;
  }, [features, sort, q]);
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: rows.length, getScrollElement: () => parent.current, estimateSize: () => 26, overscan: 10 });
  const [bulk, setBulk] = useState<{ owner: string; phase: string; status: string }>({ owner: '', phase: '', status: '' });
  const toggleAll = () => useEditor.getState().select(selected.length === rows.length ? [] : rows.map((r) => r.id));
  return (
    <div className="plan-table" data-testid="plan-table">
      <input type="search" placeholder={t('plan.filter')} value={q} onChange={(e) => setQ(e.target.value)} aria-label={t('plan.filter')} />
      <div className="pt-head">
        <input type="checkbox" checked={rows.length > 0 && selected.length === rows.length} onChange={toggleAll} aria-label={t('plan.selectAll')} />
        {COLS.map((c) => (
          <button key={c} className={`pt-col pt-${c}`} onClick={() => setSort({ col: c, dir: sort.col === c ? (-sort.dir as 1 | -1) : 1 })}>
            {t(`plan.cols.${c}`)}
            {sort.col === c ? (sort.dir > 0 ? ' ▲' : ' ▼') : ''}
          </button>
        ))}
      </div>
      <div ref={parent} className="pt-body">
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((vi) => {
            const r = rows[vi.index];
            const on = selected.includes(r.id);
            return (
              <div
                key={r.id}
                className={`pt-row ${on ? 'on' : ''}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: vi.size, transform: `translateY(${vi.start}px)` }}
                data-testid="plan-row"
                data-id={r.id}
                onClick={(e) => {
                  if (e.shiftKey || e.ctrlKey || e.metaKey) useEditor.getState().toggleSelect(r.id);
                  else {
                    useEditor.getState().setTool('select');
                    useEditor.getState().select([r.id]);
                    const c = mapController();
                    const [lon, lat] = centre(r.f);
                    c?.map.easeTo({ center: [lon, lat], zoom: Math.max(c.map.getZoom(), 14), duration: 400 });
                  }
                }}
              >
                <input type="checkbox" checked={on} onChange={() => useEditor.getState().toggleSelect(r.id)} onClick={(e) => e.stopPropagation()} aria-label={r.id} />
                <span className="pt-col pt-id mono">{r.id.replace(/^plan-/, '')}</span>
                <span className="pt-col pt-code">{r.code.replace(/^ANT_/, '')}</span>
                <span className="pt-col pt-owner">{r.owner}</span>
                <span className="pt-col pt-phase">{r.phase}</span>
                <span className="pt-col pt-status">{t(`statuses.${r.status}`, { defaultValue: r.status })}</span>
                <span className="pt-col pt-length">{r.length ? `${formatNumber(r.length / 1000, i18n.language, 2)}` : ''}</span>
              </div>
            );
          })}
        </div>
      </div>
      {selected.length > 1 && (
        <div className="bulk" data-testid="bulk-edit">
          <strong>{t('plan.bulk', { n: selected.length })}</strong>
          <select value={bulk.owner} onChange={(e) => setBulk({ ...bulk, owner: e.target.value })} aria-label={t('fields.owner')}>
            <option value="">{t('fields.owner')}…</option>
            {['Viettel', 'VNPT', 'MobiFone', 'Vietnamobile', 'TowerCo', 'FPT', 'city', 'shared'].map((o) => (
              <option key={o} value={o}>
                {t(`owners.${o}`)}
              </option>
            ))}
          </select>
          <select value={bulk.phase} onChange={(e) => setBulk({ ...bulk, phase: e.target.value })} aria-label={t('fields.phase')}>
            <option value="">{t('fields.phase')}…</option>
            <option value="2030">{t('phases.2030')}</option>
            <option value="2040">{t('phases.2040')}</option>
          </select>
          <select value={bulk.status} onChange={(e) => setBulk({ ...bulk, status: e.target.value })} aria-label={t('fields.status')}>
            <option value="">{t('fields.status')}…</option>
            {['planned', 'upgrade', 'convert', 'remove'].map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
          <button
            onClick={() => {
              const patch = Object.fromEntries(Object.entries(bulk).filter(([, v]) => v));
              if (Object.keys(patch).length) usePlan.getState().bulkUpdate(selected, patch);
              setBulk({ owner: '', phase: '', status: '' });
            }}
          >
            {t('plan.apply')}
          </button>
          <button onClick={() => usePlan.getState().remove(selected)}>{t('plan.delete')}</button>
        </div>
      )}
    </div>
  );
}
