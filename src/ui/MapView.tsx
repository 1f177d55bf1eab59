import { useEffect, useRef } from 'react';
import { MapController } from '../map/controller';
import { useView } from '../state/view';
import { installTestHook } from './test-hook';

let controller: MapController | null = null;
export function mapController(): MapController | null {
  return controller;
}

function hasWebGL2(): boolean {
  try {
    return !!document.createElement('canvas').getContext('webgl2');
  } catch {
    return false;
  }
}

export function MapView() {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current || controller) return;
    if (!hasWebGL2()) {
      useView.getState().setLoad({ phase: 'error', error: 'webgl2' });
      return;
    }
    controller = new MapController(ref.current);
    installTestHook(controller);
    controller.load().catch((e) => console.warn('load failed', e));
  }, []);
  return <div id="map" ref={ref} role="application" aria-label="map" />;
}
