// Where a stored report is downloaded: GET /reports/<reportId>.html or .csv, with an HR bearer token.

export const REPORT_FORMATS = ['html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function reportDownloadUrl(publicUrl: string, reportId: string, format: ReportFormat): string {
  return new URL(`/reports/${encodeURIComponent(reportId)}.${format}`, publicUrl).toString();
}
