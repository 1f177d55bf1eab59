/**
 * Every rule threshold and unit price in one place, with its source and evidence tag
 * (docs/domain.md section 3: S = sourced, S-partial = source cut off or secondary,
 * I = inferred, verify before publishing). Planners may change any value; every report
 * carries the values that produced it.
 */

export type Evidence = 'S' | 'S-partial' | 'I';

export interface RuleSource {
  ref: string;
  evidence: Evidence;
}

export const RULE_SOURCES: Record<string, RuleSource> = {
  R1: { ref: 'QĐ 26/2018/QĐ-UBND Hải Dương (dùng chung cột ăng ten: 100 m đô thị / 400 m ngoài đô thị)', evidence: 'S' },
  R2: { ref: 'Quy định khoảng cách cột cồng kềnh, mô hình Quảng Nam (một phần giá trị bị cắt)', evidence: 'S-partial' },
  R3: { ref: 'Khu vực chỉ cho phép cột A1: bán kính 200 m quanh trụ sở UBND (mô hình Quảng Nam)', evidence: 'S' },
  R4: { ref: 'TTLT 15/2016/TTLT-BTTTT-BXD: A1 khi h ≤ min(20% chiều cao công trình, 3 m)', evidence: 'S' },
  R5: { ref: 'NĐ 32/2016/NĐ-CP Điều 7, 9: công trình ≥ 45 m phải đánh dấu hàng không; vùng hạn chế độ cao sân bay', evidence: 'S' },
  R6: { ref: 'QCVN 33:2019/BTTTT, TT 20/2019: không dựng cột treo cáp mới trên tuyến đường đã có cột', evidence: 'S' },
  R9: { ref: 'Luật Viễn thông 2023 Điều 65; CV 1615/UBND-VX Hải Phòng (2019): đường mới, KCN phải có cống bể dùng chung', evidence: 'S' },
  CORRIDOR: { ref: 'Đơn giá tham khảo (ước tính, không phải đơn giá nhà nước)', evidence: 'I' },
};

export interface AnalysisParams {
  /** R1 sharing distance in metres, by the area type of the commune a site lies in. */
  shareDistance_m: { phuong: number; xa: number; dac_khu: number };
  /** R2 minimum spacing between bulky columns, metres: [urban, non-urban]. */
  spacing_m: { a2a_low: [number, number]; a2a_high: [number, number]; a2b: [number, number] };
  /** R2: A2a taller than this counts as "high". */
  a2aHighAbove_m: number;
  /** R4: A1 if h <= min(ratio * building height, cap). */
  a1HeightRatio: number;
  a1HeightCap_m: number;
  /** R5: structures at or above this height need aviation marking. */
  aviationMarking_m: number;
  /** Corridor reuse tolerance T (metres) and minimum joint-build overlap. */
  tolerance_m: number;
  jointMin_m: number;
  /** R6: a planned pole this close to an existing aerial route stands on a road that already has poles. */
  poleRoad_m: number;
  /** R9: share of a planned road's length that must lie within T of a duct. */
  roadDuctShare: number;
  /** Indicative unit prices, VND per metre. */
  unitPrice: { newDuct: number; reuseDuct: number; aerial: number };
}

export const DEFAULT_PARAMS: AnalysisParams = {
  shareDistance_m: { phuong: 100, xa: 400, dac_khu: 400 },
  // A2b non-urban was cut off in the source: 500 m is inferred.
  spacing_m: { a2a_low: [150, 200], a2a_high: [200, 350], a2b: [300, 500] },
  a2aHighAbove_m: 15,
  a1HeightRatio: 0.2,
  a1HeightCap_m: 3,
  aviationMarking_m: 45,
  tolerance_m: 15,
  jointMin_m: 50,
  poleRoad_m: 15,
  roadDuctShare: 0.5,
  unitPrice: { newDuct: 1_200_000, reuseDuct: 150_000, aerial: 250_000 },
};

/** Which parameters are inferred ([I]) and must be checked before publishing. */
export const INFERRED_PARAMS = ['spacing_m.a2b[1]', 'tolerance_m', 'jointMin_m', 'poleRoad_m', 'roadDuctShare', 'unitPrice'];

export function withParams(p: Partial<AnalysisParams> | undefined): AnalysisParams {
  return { ...DEFAULT_PARAMS, ...(p ?? {}) };
}
