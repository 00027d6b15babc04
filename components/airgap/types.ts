/** The airgap API's answers as the browser receives them. */
import type { BundleView } from "@/lib/airgap/bundle-view";

export type BundleJson = BundleView;
