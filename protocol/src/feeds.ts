import { z } from 'zod';
import { EpochMsSchema, IdSchema } from './common';
import type { PushEvents, RequestEvents } from './events';

/**
 * Widget feeds of the IOC services (issue 4). The media gateway validates every upstream value
 * against these schemas before a screen sees it, and screens validate what they receive.
 * Enum values are stable ids: labels live in the wall-client's dictionaries (vi/en).
 */
export const FEED_KINDS = ['field-reports', 'public-services', 'socio-economic', 'soc-alerts'] as const;
export const FeedKindSchema = z.enum(FEED_KINDS);
export type FeedKind = z.infer<typeof FeedKindSchema>;

const count = z.number().int().nonnegative().max(1e9);
const shortText = (max: number) => z.string().min(1).max(max);
/** Names that come with the data (agencies, indicators) carry both wall languages. */
export const LocalizedTextSchema = z.object({ vi: shortText(160), en: shortText(160) }).strict();
export type LocalizedText = z.infer<typeof LocalizedTextSchema>;

const sumOf = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------- field reports (citizens)
export const REPORT_CATEGORIES = [
  'phone-number-violation',
  'sidewalk-encroachment',
  'advertising-violation',
  'street-vending',
  'unlicensed-construction',
  'wastewater',
  'littering',
  'other',
] as const;
export const ReportCategorySchema = z.enum(REPORT_CATEGORIES);
export type ReportCategory = z.infer<typeof ReportCategorySchema>;

export const DISTRICTS = ['buon-ma-thuot', 'buon-ho', 'cu-mgar', 'ea-kar', 'krong-nang', 'other'] as const;
export const DistrictSchema = z.enum(DISTRICTS);
export type District = z.infer<typeof DistrictSchema>;

export const REPORT_STATUSES = ['received', 'assigned', 'processing', 'resolved'] as const;
export const ReportStatusSchema = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatusSchema>;

export const FieldReportSchema = z
  .object({
    id: IdSchema,
    category: ReportCategorySchema,
    district: DistrictSchema,
    status: ReportStatusSchema,
    at: EpochMsSchema,
    title: shortText(160),
  })
  .strict();
export type FieldReport = z.infer<typeof FieldReportSchema>;

export const FieldReportsValueSchema = z
  .object({
    kind: z.literal('field-reports'),
    total: count,
    byCategory: z.record(ReportCategorySchema, count),
    byDistrict: z.record(DistrictSchema, count),
    byStatus: z.record(ReportStatusSchema, count),
    /** Newest first. */
    latest: z.array(FieldReportSchema).max(50),
    /** Reports per day, oldest first (for trend lines). */
    daily: z.array(z.object({ date: z.iso.date(), count }).strict()).max(400).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const key of ['byCategory', 'byDistrict', 'byStatus'] as const) {
      const s = sumOf(v[key]);
      if (s !== v.total) ctx.addIssue({ code: 'custom', path: [key], message: `sums to ${s}, total is ${v.total}` });
    }
  });
export type FieldReportsValue = z.infer<typeof FieldReportsValueSchema>;

// ---------------------------------------------------------------- online public services
export const ADMIN_LEVELS = ['province', 'district', 'commune'] as const;
export const AdminLevelSchema = z.enum(ADMIN_LEVELS);
export type AdminLevel = z.infer<typeof AdminLevelSchema>;

export const DossierCountsSchema = z
  .object({ received: count, onTime: count, late: count, overdue: count })
  .strict()
  .refine((c) => c.onTime + c.late + c.overdue <= c.received, {
    message: 'onTime + late + overdue exceeds received',
  });
export type DossierCounts = z.infer<typeof DossierCountsSchema>;

export const AgencyDossiersSchema = z
  .object({ id: IdSchema, name: LocalizedTextSchema, level: AdminLevelSchema, counts: DossierCountsSchema })
  .strict();
export type AgencyDossiers = z.infer<typeof AgencyDossiersSchema>;

export const PublicServicesValueSchema = z
  .object({
    kind: z.literal('public-services'),
    /** e.g. '2021-07' or '2021': the reporting period the counts cover. */
    period: z.string().regex(/^\d{4}(-\d{2})?$/, 'must be YYYY or YYYY-MM'),
    totals: DossierCountsSchema,
    byLevel: z.record(AdminLevelSchema, DossierCountsSchema),
    agencies: z.array(AgencyDossiersSchema).max(200),
    /** onTime / (onTime + late), 0..1. */
    onTimeRate: z.number().min(0).max(1),
    onTimeTarget: z.number().min(0).max(1).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    const resolved = v.totals.onTime + v.totals.late;
    const expected = resolved === 0 ? 1 : v.totals.onTime / resolved;
    if (Math.abs(expected - v.onTimeRate) > 0.005) {
      ctx.addIssue({ code: 'custom', path: ['onTimeRate'], message: `is ${v.onTimeRate}, totals give ${expected.toFixed(3)}` });
    }
  });
export type PublicServicesValue = z.infer<typeof PublicServicesValueSchema>;

// ---------------------------------------------------------------- socio-economic indicators
export const KpiPointSchema = z
  .object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be YYYY-MM'), value: z.number().finite() })
  .strict();
export const KpiSeriesSchema = z
  .object({
    id: IdSchema,
    name: LocalizedTextSchema,
    /** Display unit, e.g. '%', 'tỷ đồng', 'index'. */
    unit: z.string().min(1).max(24),
    target: z.number().finite().nullable(),
    /** Whether a value above target is good (revenue) or bad (CPI). */
    higherIsBetter: z.boolean(),
    /**
     * 'level': the target is a rate to hold (growth %, CPI); 'annual-total': a year's sum
     * (revenue), so year-to-date is judged against the share of the year elapsed.
     */
    targetBasis: z.enum(['level', 'annual-total']).optional(),
    /** Oldest first, months in order. */
    monthly: z.array(KpiPointSchema).max(120),
    yearToDate: z.number().finite().nullable(),
  })
  .strict()
  .refine((k) => k.monthly.every((p, i, a) => i === 0 || a[i - 1]!.month < p.month), {
    path: ['monthly'],
    message: 'months must be increasing',
  });
export type KpiSeries = z.infer<typeof KpiSeriesSchema>;

export const SocioEconomicValueSchema = z
  .object({
    kind: z.literal('socio-economic'),
    year: z.number().int().min(2000).max(2100),
    indicators: z.array(KpiSeriesSchema).min(1).max(50),
  })
  .strict();
export type SocioEconomicValue = z.infer<typeof SocioEconomicValueSchema>;

// ---------------------------------------------------------------- SOC alerts (cybersecurity)
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const SeveritySchema = z.enum(SEVERITIES);
export type Severity = z.infer<typeof SeveritySchema>;
export const ALERT_STATUSES = ['new', 'investigating', 'contained', 'resolved'] as const;
export const AlertStatusSchema = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatusSchema>;

export const SocAlertSchema = z
  .object({
    id: IdSchema,
    severity: SeveritySchema,
    /** Detector or sensor, e.g. 'IDS', 'WAF', 'EDR'. */
    source: shortText(64),
    /** The system under attack, e.g. 'Cổng dịch vụ công'. */
    target: shortText(120),
    status: AlertStatusSchema,
    at: EpochMsSchema,
    title: shortText(160),
  })
  .strict();
export type SocAlert = z.infer<typeof SocAlertSchema>;

export const SocAlertsValueSchema = z
  .object({
    kind: z.literal('soc-alerts'),
    /** Counters over the reporting window (e.g. the last 24 h). */
    bySeverity: z.record(SeveritySchema, count),
    byStatus: z.record(AlertStatusSchema, count),
    /** Newest first. */
    latest: z.array(SocAlertSchema).max(50),
  })
  .strict()
  .superRefine((v, ctx) => {
    const a = sumOf(v.bySeverity);
    const b = sumOf(v.byStatus);
    if (a !== b) ctx.addIssue({ code: 'custom', path: ['byStatus'], message: `sums to ${b}, bySeverity to ${a}` });
  });
export type SocAlertsValue = z.infer<typeof SocAlertsValueSchema>;

// ---------------------------------------------------------------- envelope and events
export const FEED_VALUE_SCHEMAS = {
  'field-reports': FieldReportsValueSchema,
  'public-services': PublicServicesValueSchema,
  'socio-economic': SocioEconomicValueSchema,
  'soc-alerts': SocAlertsValueSchema,
} as const satisfies Record<FeedKind, z.ZodType>;

export const FeedValueSchema = z.discriminatedUnion('kind', [
  FieldReportsValueSchema,
  PublicServicesValueSchema,
  SocioEconomicValueSchema,
  SocAlertsValueSchema,
]);
export type FeedValue = z.infer<typeof FeedValueSchema>;
export type FeedValueOf<K extends FeedKind> = Extract<FeedValue, { kind: K }>;

export const FeedEnvelopeSchema = z
  .object({
    feedId: IdSchema,
    kind: FeedKindSchema,
    value: FeedValueSchema,
    /** When the upstream says the value was true (ms). */
    asOf: EpochMsSchema,
    /** True when the value is older than it should be (upstream failing or sending bad data). */
    stale: z.boolean(),
    /** When the gateway accepted the value (ms, gateway clock). */
    receivedAt: EpochMsSchema,
  })
  .strict()
  .refine((e) => e.value.kind === e.kind, { path: ['value', 'kind'], message: 'does not match the feed kind' });
export type FeedEnvelope = z.infer<typeof FeedEnvelopeSchema>;

/** The gateway's socket.io namespace for widget feeds. */
export const FEEDS_NAMESPACE = '/feeds';
/** The room a feed's updates go to. */
export const feedRoom = (feedId: string) => `feed:${feedId}`;

/** Handshake `auth` for `/feeds`: a feeds token issued by the controller. */
export const FeedsHandshakeSchema = z
  .object({ protocolVersion: z.number().int(), token: z.string().min(16).max(8192) })
  .strict();
export type FeedsHandshake = z.infer<typeof FeedsHandshakeSchema>;

const FeedIdsSchema = z.object({ feedIds: z.array(IdSchema).min(1).max(64) }).strict();

export const feedRequests = {
  /** Joins the feeds' rooms; all-or-nothing (FORBIDDEN / FEED_NOT_FOUND name the offenders). */
  subscribe: { payload: FeedIdsSchema, reply: z.object({ envelopes: z.array(FeedEnvelopeSchema) }) },
  unsubscribe: { payload: FeedIdsSchema, reply: z.object({ feedIds: z.array(IdSchema) }) },
} as const;

export const feedPushes = {
  feed: FeedEnvelopeSchema,
} as const;

export type FeedsClientToServer = RequestEvents<typeof feedRequests>;
export type FeedsServerToClient = PushEvents<typeof feedPushes>;
