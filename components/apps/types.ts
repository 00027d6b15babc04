/** An application as the API returns it (dates as ISO strings). */
export interface AppSummary {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
}
