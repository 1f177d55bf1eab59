import { useEffect, useRef } from 'react';
import { css, drawIcon, OWNER_COLORS, DENSITY_STOPS, ZONE_LINE_COLORS, type IconName } from '../map/colors';

export function IconSwatch({ icon, color = '#444', size = 16 }: { icon: IconName; color?: string; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    if (!c) return;
    const g = c.getContext('2d')!;
    g.clearRect(0, 0, c.width, c.height);
    drawIcon(g, icon, 0, 0, c.width);
    g.globalCompositeOperation = 'source-in';
    g.fillStyle = color;
    g.fillRect(0, 0, c.width, c.height);
    g.globalCompositeOperation = 'source-over';
  }, [icon, color]);
  return <canvas ref={ref} width={size * 2} height={size * 2} style={{ width: size, height: size }} className="swatch" aria-hidden="true" />;
}

export function LineSwatch({ color, width = 3, dashed = false }: { color: string; width?: number; dashed?: boolean }) {
  return (
    <svg width="22" height="12" className="swatch" aria-hidden="true">
      <line x1="1" y1="6" x2="21" y2="6" stroke={color} strokeWidth={width} strokeDasharray={dashed ? '4 3' : undefined} strokeLinecap="round" />
    </svg>
  );
}

export function LayerSwatch({ id }: { id: string }) {
  switch (id) {
    case 'sites':
      return <IconSwatch icon="triangle" color={css(OWNER_COLORS.Viettel)} />;
    case 'ducts':
      return <LineSwatch color={css(OWNER_COLORS.VNPT)} width={4} />;
    case 'aerial':
      return <LineSwatch color={css(OWNER_COLORS.Viettel)} width={2} />;
    case 'poles':
      return <IconSwatch icon="circle" color="#7a5a28" size={10} />;
    case 'manholes':
      return <IconSwatch icon="circle" color="#222" size={10} />;
    case 'stations':
      return <IconSwatch icon="hexagon" color={css(OWNER_COLORS.MobiFone)} />;
    case 'service':
      return <IconSwatch icon="ring" color={css(OWNER_COLORS.VNPT)} />;
    case 'datacentres':
      return <IconSwatch icon="star" color={css(OWNER_COLORS.city)} />;
    case 'critical':
      return <IconSwatch icon="cross" color="#222" />;
    case 'zones':
      return <LineSwatch color={css(ZONE_LINE_COLORS.ZONE_A1_ONLY)} width={2} />;
    case 'popcells':
      return <span className="swatch box" style={{ background: css(DENSITY_STOPS[4][1]) }} />;
    default:
      return <span className="swatch box" />;
  }
}
