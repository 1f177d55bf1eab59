import { useTranslation } from 'react-i18next';
import { css, CODE_ICON, DENSITY_STOPS, OWNER_COLORS, ZONE_COLORS, ZONE_LINE_COLORS } from '../map/colors';
import { IconSwatch, LineSwatch } from './Swatch';
import { useView } from '../state/view';

const LEGEND_OWNERS = ['Viettel', 'VNPT', 'MobiFone', 'Vietnamobile', 'TowerCo', 'FPT', 'city', 'EVN'];
const SITE_CODES = ['ANT_A1A', 'ANT_A1B', 'ANT_A2A', 'ANT_A2B'];
const ZONES = ['ZONE_A1_ONLY', 'ZONE_AVIATION_OLS', 'ZONE_IZ'];

export function Legend() {
  const { t } = useTranslation();
  const visible = useView((s) => s.visible);
  return (
    <section className="panel-section legend" data-testid="legend">
      <h2>{t('legend.title')}</h2>
      <h3>{t('legend.owners')}</h3>
      <ul className="legend-grid">
        {LEGEND_OWNERS.map((o) => (
          <li key={o}>
            <span className="swatch dot" style={{ background: css(OWNER_COLORS[o]) }} />
            {t(`owners.${o}`)}
          </li>
        ))}
      </ul>
      <h3>{t('legend.siteTypes')}</h3>
      <ul>
        {SITE_CODES.map((c) => (
          <li key={c}>
            <IconSwatch icon={CODE_ICON[c]} color="#333" size={c === 'ANT_A2B' ? 16 : c === 'ANT_A1A' ? 11 : 13} />
            {t(`codes.${c}`)}
          </li>
        ))}
        <li>
          <IconSwatch icon="hexagon" color="#333" size={13} />
          {t('codes.STATION')}
        </li>
        <li>
          <IconSwatch icon="star" color="#333" size={15} />
          {t('codes.DC')}
        </li>
        <li>
          <IconSwatch icon="ring" color="#333" size={12} />
          {t('codes.SVC_UNSTAFFED')}
        </li>
      </ul>
      <h3>{t('legend.lines')}</h3>
      <ul>
        <li>
          <LineSwatch color="#555" width={4} />
          {t('legend.duct')}
        </li>
        <li>
          <LineSwatch color="rgba(85,85,85,0.6)" width={1.5} />
          {t('legend.aerialLine')}
        </li>
        <li>
          <IconSwatch icon="circle" color="#7a5a28" size={9} />
          {t('legend.powerPole')}
        </li>
      </ul>
      <h3>{t('legend.zones')}</h3>
      <ul>
        {ZONES.map((z) => (
          <li key={z}>
            <span className="swatch box" style={{ background: css(ZONE_COLORS[z]), borderColor: css(ZONE_LINE_COLORS[z]) }} />
            {t(`codes.${z}`)}
          </li>
        ))}
      </ul>
      {visible.popcells && (
        <>
          <h3>{t('legend.density')}</h3>
          <div className="ramp">
            {DENSITY_STOPS.slice(1).map(([v, c]) => (
              <span key={v} style={{ background: css([c[0], c[1], c[2], 255]) }}>
                {v >= 1000 ? `${v / 1000}k` : v}
              </span>
            ))}
          </div>
        </>
      )}
    </section>
  );
}
