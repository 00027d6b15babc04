"use client";
/**
 * What the signed-in member may do, for hiding or disabling write controls. The server
 * decides it from the one permission table (lib/auth/access.ts describePermissions) and
 * hands it down from the portal layout; components only read it and never re-encode a
 * rule. The API still answers 403 to anything denied: this is courtesy, not protection.
 */
import { createContext, useContext, type ReactNode } from "react";
import type { PermissionDenials } from "@/lib/auth/access";
import type { Permission } from "@/lib/auth/roles";

const PermissionsContext = createContext<PermissionDenials | null>(null);

export function PermissionsProvider({ denials, children }: { denials: PermissionDenials; children: ReactNode }) {
  return <PermissionsContext.Provider value={denials}>{children}</PermissionsContext.Provider>;
}

export interface PermissionState {
  isAllowed: boolean;
  /** Why not, naming the role that would allow it; for a title or a note. */
  reason?: string;
}

/** Whether the member may use controls needing `permission` (allowed outside a provider: the server still decides). */
export function usePermission(permission: Permission): PermissionState {
  const denials = useContext(PermissionsContext);
  const reason = denials?.[permission] ?? null;
  return reason ? { isAllowed: false, reason } : { isAllowed: true };
}

/** Renders `children` only when the member has `permission`; otherwise `fallback` (nothing by default). */
export function IfPermitted({ permission, children, fallback = null }: { permission: Permission; children: ReactNode; fallback?: ReactNode }) {
  return usePermission(permission).isAllowed ? <>{children}</> : <>{fallback}</>;
}

/** A quiet line saying why the page's write controls are missing, when they are. */
export function PermissionNote({ permission, className = "" }: { permission: Permission; className?: string }) {
  const { isAllowed, reason } = usePermission(permission);
  if (isAllowed) return null;
  return (
    <p className={`text-sm text-slate-500 ${className}`} data-testid="permission-note">
      {reason}
    </p>
  );
}
