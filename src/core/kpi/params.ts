/**
 * Screening assumptions behind the Plan 317 scorecard. Radii and drop distances are
 * planning rules of thumb, not radio or network predictions; every report carries the
 * values that produced it, and the planner may change each one (Thông số tab).
 */
import type { Evidence } from '../analysis/params';

export interface KpiParams {
  /** 5G screening radius in metres by the area type of the cell's commune. */
  radius5g_m: { phuong: number; xa: number; dac_khu: number };
  /** A cell has >= 1 Gbps fibre available if its centre is this close to a duct or aerial route. */
  fibreDrop_m: number;
  /** A commune centre has public Wi-Fi if a free Wi-Fi point stands this close to its seat. */
  wifiSeat_m: number;
  /** A data centre is green at or below this PUE. */
  greenPue: number;
  /** Data-centre siting: full marks within `backboneGood_m` of the backbone, none beyond `backboneMax_m`. */
  backboneGood_m: number;
  backboneMax_m: number;
  /** Flood-prone coastal strip: land within this distance of the sea. */
  coastalStrip_m: number;
}

export const DEFAULT_KPI_PARAMS: KpiParams = {
  radius5g_m: { phuong: 300, xa: 1000, dac_khu: 1500 },
  fibreDrop_m: 300,
  wifiSeat_m: 100,
  greenPue: 1.4,
  backboneGood_m: 500,
  backboneMax_m: 3000,
  coastalStrip_m: 1500,
};

export function withKpiParams(p: Partial<KpiParams> | undefined): KpiParams {
  return { ...DEFAULT_KPI_PARAMS, ...(p ?? {}), radius5g_m: { ...DEFAULT_KPI_PARAMS.radius5g_m, ...(p?.radius5g_m ?? {}) } };
}

/** Plan 317 targets for 2030 (docs/domain.md section 5). */
export const TARGETS = {
  pct_5g: 100,
  pct_fibre: 100,
  wifi_centres_pct: 100,
  dc_upgraded: 1,
  dc_new_min: 2,
  dc_new_max: 3,
} as const;

export const KPI_SOURCES: Record<string, { ref: string; evidence: Evidence }> = {
  targets: { ref: 'Kế hoạch 317/KH-UBND Hải Phòng (2025); QĐ 1132/QĐ-TTg (PUE ≤ 1,4); QĐ 36/QĐ-TTg', evidence: 'S' },
  radius5g_m: { ref: 'Bán kính sàng lọc 5G theo loại ĐVHC: giả định quy hoạch, không phải dự báo vùng phủ sóng', evidence: 'I' },
  fibreDrop_m: { ref: 'Khoảng cách kéo cáp thuê bao tới tuyến cống/treo: giả định quy hoạch', evidence: 'I' },
  wifiSeat_m: { ref: 'Điểm Wi-Fi công cộng miễn phí trong 100 m quanh trụ sở UBND xã/phường/đặc khu', evidence: 'I' },
  greenPue: { ref: 'QĐ 1132/QĐ-TTg: trung tâm dữ liệu xanh PUE ≤ 1,4', evidence: 'S' },
  siting: { ref: 'Tiêu chí chọn địa điểm TTDL: gần trục cáp, ngoài dải ven biển dễ ngập, ngoài vùng tĩnh không, có quỹ đất (trọng số ước tính)', evidence: 'I' },
};

/** Weights of the data-centre siting score (sum 100). */
export const SITING_WEIGHTS = { backbone: 40, coast: 20, aviation: 20, land: 20 } as const;
