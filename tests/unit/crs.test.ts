/**
 * VN-2000 <-> WGS 84 with proj4 against GDAL/PROJ (GDAL 3.6.2, Debian gdal-bin), which uses
 * EPSG:6960 "VN-2000 to WGS 84 (2)". Reference values were produced by gdaltransform and pasted
 * here as constants (the commands are above each table); distances are geodesic (geographiclib).
 */
import { describe, expect, it } from 'vitest';
import geodesic from 'geographiclib-geodesic';
import proj4 from 'proj4';
import { crsFromPrj, fromWgs84, isGeographic, normalizeCrs, SUPPORTED_CRS, toWgs84, VN2000_TOWGS84 } from '../../src/core/geo/crs';

const WGS84 = geodesic.Geodesic.WGS84;
const metres = (lon1: number, lat1: number, lon2: number, lat2: number) => WGS84.Inverse(lat1, lon1, lat2, lon2).s12!;

/** WGS 84 lon/lat of Hai Phong places (Nhà hát lớn, Cát Bi, Đồ Sơn, Thủy Nguyên, Cát Bà, Hải Dương, Kiến An, Bạch Long Vĩ). */
const LONLAT: [number, number][] = [
  [106.6822, 20.8589],
  [106.7247, 20.8194],
  [106.785, 20.705],
  [106.67, 20.94],
  [107.047, 20.727],
  [106.33, 20.94],
  [106.625, 20.81],
  [107.727, 20.133],
];

/**
 * Forward, WGS 84 -> projected, for the LONLAT points:
 *   gdaltransform -s_srs EPSG:4326 -t_srs EPSG:<code> -output_xy < lonlat.txt
 */
const FORWARD: Record<string, [number, number][]> = {
  'EPSG:9210': [
    [596809.409752682, 2307614.21043047],
    [601258.761407931, 2303267.16056039],
    [607616.880802161, 2290640.37905601],
    [595488.350904432, 2316585.88094897],
    [634892.223969112, 2293272.71822516],
    [560125.680219256, 2316420.42531737],
    [590886.205383497, 2302166.91007959],
    [706527.308238475, 2228204.76792913],
  ],
  'EPSG:9209': [
    [622826.918594979, 2307784.87034413],
    [627283.335966486, 2303444.42197892],
    [633661.467817923, 2290826.5405982],
    [621491.798264474, 2316755.10224992],
    [660935.069898932, 2293501.22734307],
    [586127.365495082, 2316534.47488773],
    [616911.771451793, 2302328.00639511],
    [732677.764133241, 2228534.85983756],
  ],
  'EPSG:3405': [
    [674815.116253332, 2307555.03043736],
    [679284.522345473, 2303228.9041523],
    [685701.049590469, 2290632.07069598],
    [673452.210336808, 2316520.07722673],
    [712964.15934302, 2293390.79172766],
    [638093.350603845, 2316189.14735753],
    [668917.607818381, 2302080.43845476],
    [784903.768586621, 2228644.36736663],
  ],
  'EPSG:3406': [
    [50323.2080203479, 2312686.06127888],
    [54637.1575567822, 2308186.88518671],
    [60593.0741337838, 2295334.55306332],
    [49294.3401295037, 2321715.0051124],
    [87987.5613908998, 2297083.55510667],
    [13862.6204009429, 2322711.68178226],
    [44212.4423024143, 2307423.78937237],
    [157579.483364148, 2229681.97869243],
  ],
};

/**
 * Inverse, projected -> WGS 84, for round easting/northing values:
 *   gdaltransform -s_srs EPSG:<code> -t_srs EPSG:4326 -output_xy < xy.txt
 * (cs2cs -d 10 EPSG:9210 EPSG:4326 gives the same digits, in lat/lon order.)
 */
const INVERSE: Record<string, [number, number, number, number][]> = {
  'EPSG:9210': [
    [596800, 2307600, 106.682108798488, 20.8587721414687],
    [601250, 2303250, 106.724614845551, 20.8192454834747],
    [607600, 2290650, 106.784838560373, 20.7050878649902],
    [595500, 2316600, 106.670112780516, 20.9401269140525],
    [634900, 2293300, 107.047076749161, 20.7272458139941],
  ],
  'EPSG:9209': [
    [622800, 2307800, 106.681942438718, 20.8590384216645],
    [627300, 2303400, 106.724856828464, 20.8189976739529],
    [633650, 2290800, 106.784887918369, 20.704761129788],
    [586150, 2316550, 106.330218394176, 20.9401391618583],
    [616900, 2302300, 106.624885063105, 20.8097478005586],
  ],
  'EPSG:3405': [
    [674800, 2307550, 106.682054251215, 20.8588559897645],
    [679300, 2303250, 106.724850855707, 20.8195890331477],
    [685700, 2290600, 106.784986539669, 20.7047104516475],
    [638100, 2316200, 106.330064810503, 20.9400975331949],
    [712950, 2293400, 107.046865215596, 20.7270847666101],
  ],
};

describe('VN-2000 -> WGS 84 agrees with GDAL/PROJ (EPSG:6960) to 0.1 m', () => {
  let worst = 0;
  for (const [code, rows] of Object.entries(INVERSE)) {
    it(`${code}: toWgs84 of ${rows.length} points`, () => {
      for (const [x, y, lon, lat] of rows) {
        const [lo, la] = toWgs84(code, x, y);
        const d = metres(lo, la, lon, lat);
        worst = Math.max(worst, d);
        expect(d).toBeLessThan(0.1);
        // In fact proj4 and PROJ agree to well under a millimetre.
        expect(d).toBeLessThan(0.001);
      }
    });
  }
  for (const [code, rows] of Object.entries(FORWARD)) {
    it(`${code}: fromWgs84 and toWgs84 of ${rows.length} points`, () => {
      rows.forEach(([x, y], i) => {
        const [lon, lat] = LONLAT[i];
        const [px, py] = fromWgs84(code, lon, lat);
        expect(Math.hypot(px - x, py - y)).toBeLessThan(0.001);
        const [lo, la] = toWgs84(code, x, y);
        const d = metres(lo, la, lon, lat);
        worst = Math.max(worst, d);
        expect(d).toBeLessThan(0.001);
      });
    });
  }
  it('the worst difference over all points is below 1 mm', () => {
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(0.001);
  });
});

describe('the towgs84 sign convention', () => {
  it('uses the Position Vector signs (EPSG:6960 published as Coordinate Frame, rotations negated)', () => {
    expect(VN2000_TOWGS84).toBe('-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278');
  });

  it('copying the published Coordinate Frame signs into +towgs84 is the half-metre trap', () => {
    proj4.defs(
      'TEST:CF-SIGNS',
      '+proj=tmerc +lat_0=0 +lon_0=105.75 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 +towgs84=-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278 +units=m +no_defs',
    );
    for (const [x, y, lon, lat] of INVERSE['EPSG:9210']) {
      const [lo, la] = proj4('TEST:CF-SIGNS', 'EPSG:4326', [x, y]);
      const d = metres(lo, la, lon, lat);
      expect(d).toBeGreaterThan(0.5);
      expect(d).toBeLessThan(1.0);
    }
  });

  it('the datum shift itself is large (VN-2000 is not WGS 84)', () => {
    const [lon, lat] = toWgs84('EPSG:4756', 106.6822, 20.8589);
    expect(metres(lon, lat, 106.6822, 20.8589)).toBeGreaterThan(100);
  });
});

describe('supported systems', () => {
  it('lists WGS 84, VN-2000 geographic, UTM 48N/49N and the TM-3 zones with vi/en names', () => {
    const codes = SUPPORTED_CRS.map((c) => c.code);
    for (const c of ['EPSG:4326', 'EPSG:4756', 'EPSG:3405', 'EPSG:3406', 'EPSG:9209', 'EPSG:9210', 'EPSG:9205', 'EPSG:9218']) expect(codes).toContain(c);
    expect(codes.slice(0, 3)).toEqual(['EPSG:4326', 'EPSG:9210', 'EPSG:9209']);
    for (const c of SUPPORTED_CRS) {
      expect(c.name.vi.length).toBeGreaterThan(3);
      expect(c.name.en.length).toBeGreaterThan(3);
    }
    expect(SUPPORTED_CRS.find((c) => c.code === 'EPSG:9210')!.name.vi).toContain('105°45′');
    expect(SUPPORTED_CRS.find((c) => c.code === 'EPSG:9209')!.name.en).toContain('105°30′');
  });

  it('normalises codes', () => {
    expect(normalizeCrs('epsg:9210')).toBe('EPSG:9210');
    expect(normalizeCrs('9209')).toBe('EPSG:9209');
    expect(normalizeCrs('urn:ogc:def:crs:EPSG::3405')).toBe('EPSG:3405');
    expect(normalizeCrs('urn:ogc:def:crs:OGC:1.3:CRS84')).toBe('EPSG:4326');
    expect(normalizeCrs('EPSG:3857')).toBeNull();
    expect(isGeographic('EPSG:4756')).toBe(true);
    expect(isGeographic('EPSG:9210')).toBe(false);
  });

  it('toWgs84 of non-finite input is NaN, not a throw', () => {
    expect(toWgs84('EPSG:9210', NaN, 1).every(Number.isNaN)).toBe(true);
  });
});

describe('crsFromPrj', () => {
  // Written by: ogr2ogr -f 'ESRI Shapefile' -t_srs EPSG:<code> (ESRI WKT1 flavour)
  const ESRI_9210 =
    'PROJCS["VN-2000_TM-3_105-45",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.75],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
  const ESRI_9209 =
    'PROJCS["VN-2000_TM-3_105-30",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.5],PARAMETER["Scale_Factor",0.9999],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
  const ESRI_3405 =
    'PROJCS["VN_2000_UTM_Zone_48N",GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
  const ESRI_4756 = 'GEOGCS["GCS_VN_2000",DATUM["D_Vietnam_2000",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  const ESRI_4326 = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
  const ESRI_32648 =
    'PROJCS["WGS_1984_UTM_Zone_48N",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",105.0],PARAMETER["Scale_Factor",0.9996],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
  // gdalsrsinfo -o wkt1 EPSG:9210 (OGC WKT1 flavour)
  const OGC_9210 =
    'PROJCS["VN-2000 / TM-3 105-45", GEOGCS["VN-2000", DATUM["Vietnam_2000", SPHEROID["WGS 84",6378137,298.257223563, AUTHORITY["EPSG","7030"]], AUTHORITY["EPSG","6756"]], PRIMEM["Greenwich",0, AUTHORITY["EPSG","8901"]], UNIT["degree",0.0174532925199433, AUTHORITY["EPSG","9122"]], AUTHORITY["EPSG","4756"]], PROJECTION["Transverse_Mercator"], PARAMETER["latitude_of_origin",0], PARAMETER["central_meridian",105.75], PARAMETER["scale_factor",0.9999], PARAMETER["false_easting",500000], PARAMETER["false_northing",0], UNIT["metre",1, AUTHORITY["EPSG","9001"]], AXIS["Easting",EAST], AXIS["Northing",NORTH], AUTHORITY["EPSG","9210"]]';
  // gdalsrsinfo -o wkt2 EPSG:3405 (WKT2:2019)
  const WKT2_3405 =
    'PROJCRS["VN-2000 / UTM zone 48N", BASEGEOGCRS["VN-2000", DATUM["Vietnam 2000", ELLIPSOID["WGS 84",6378137,298.257223563, LENGTHUNIT["metre",1]]], PRIMEM["Greenwich",0, ANGLEUNIT["degree",0.0174532925199433]], ID["EPSG",4756]], CONVERSION["UTM zone 48N", METHOD["Transverse Mercator", ID["EPSG",9807]], PARAMETER["Latitude of natural origin",0, ANGLEUNIT["degree",0.0174532925199433], ID["EPSG",8801]], PARAMETER["Longitude of natural origin",105, ANGLEUNIT["degree",0.0174532925199433], ID["EPSG",8802]], PARAMETER["Scale factor at natural origin",0.9996, SCALEUNIT["unity",1], ID["EPSG",8805]], PARAMETER["False easting",500000, LENGTHUNIT["metre",1], ID["EPSG",8806]], PARAMETER["False northing",0, LENGTHUNIT["metre",1], ID["EPSG",8807]]], CS[Cartesian,2], AXIS["(E)",east, ORDER[1], LENGTHUNIT["metre",1]], AXIS["(N)",north, ORDER[2], LENGTHUNIT["metre",1]], USAGE[ SCOPE["Topographic mapping (medium scale)."], AREA["Vietnam - onshore west of 108°E."], BBOX[8.33,102.14,23.4,108]], ID["EPSG",3405]]';
  // A hand-made provincial .prj, with a TOWGS84 in the published (Coordinate Frame) signs: recognised, its TOWGS84 ignored.
  const HANDMADE =
    'PROJCS["VN2000 Hai Phong mui 3",GEOGCS["VN2000",DATUM["VN_2000",SPHEROID["WGS84",6378137,298.257223563],TOWGS84[-191.90441429,-39.30318279,-111.45032835,-0.00928836,0.01975479,-0.00427372,0.252906278]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",105.75],PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]';

  it.each([
    ['ESRI 9210', ESRI_9210, 'EPSG:9210'],
    ['ESRI 9209', ESRI_9209, 'EPSG:9209'],
    ['ESRI 3405', ESRI_3405, 'EPSG:3405'],
    ['ESRI 4756', ESRI_4756, 'EPSG:4756'],
    ['ESRI 4326', ESRI_4326, 'EPSG:4326'],
    ['ESRI 32648', ESRI_32648, 'EPSG:32648'],
    ['OGC WKT1 9210', OGC_9210, 'EPSG:9210'],
    ['WKT2 3405', WKT2_3405, 'EPSG:3405'],
    ['hand-made VN-2000 105°45′', HANDMADE, 'EPSG:9210'],
    ['with BOM and newline', `\uFEFF${ESRI_9210}\n`, 'EPSG:9210'],
  ])('%s', (_n, wkt, code) => {
    expect(crsFromPrj(wkt)).toBe(code);
  });

  it('returns null for systems it does not support', () => {
    // Web Mercator, a VN-2000 TM-3 zone with an odd central meridian, feet, Hanoi 1972, garbage.
    expect(crsFromPrj('PROJCS["WGS 84 / Pseudo-Mercator",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]]],PROJECTION["Mercator_1SP"],PARAMETER["central_meridian",0],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1]]')).toBeNull();
    expect(crsFromPrj(ESRI_9210.replace('105.75', '105.6'))).toBeNull();
    expect(crsFromPrj(ESRI_9210.replace('UNIT["Meter",1.0]', 'UNIT["Foot_US",0.3048006096012192]'))).toBeNull();
    expect(crsFromPrj('PROJCS["Hanoi 1972 / GK 106 NE",GEOGCS["Hanoi 1972",DATUM["Hanoi_1972",SPHEROID["Krassowsky 1940",6378245,298.3]]],PROJECTION["Transverse_Mercator"],PARAMETER["central_meridian",106],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]')).toBeNull();
    expect(crsFromPrj('not a prj')).toBeNull();
    expect(crsFromPrj('')).toBeNull();
  });
});
