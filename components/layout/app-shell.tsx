import Link from "next/link";
import type { ReactNode } from "react";
import { HeaderMenu } from "./header-menu";
import { Logo } from "./logo";
import { NavLinks } from "./nav-links";
import { SignOutButton } from "./sign-out-button";
import { TeamSwitcher, type TeamOption } from "@/components/teams/team-switcher";

export interface ShellTeam {
  teams: TeamOption[];
  currentId: string;
  /** The team pages the viewer's role may open (members, service accounts, audit log). */
  links: { href: string; label: string }[];
}

export function AppShell({ user, team, children }: { user: { name: string; email: string }; team: ShellTeam; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
        Skip to content
      </a>
      <header className="relative border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-6">
          <Link href="/apps" aria-label="Slipway home">
            <Logo />
          </Link>
          <HeaderMenu>
            <NavLinks extra={team.links} />
            <div className="flex flex-wrap items-center gap-3 xl:ml-auto xl:flex-nowrap">
              <TeamSwitcher teams={team.teams} currentId={team.currentId} />
              <Link href="/account" className="block whitespace-nowrap text-xs leading-tight hover:underline xl:text-right" title={`${user.email}: account settings`}>
                <span className="block max-w-40 truncate font-medium text-slate-800">{user.name}</span>
                <span className="block text-slate-500">Account</span>
              </Link>
              <SignOutButton />
            </div>
          </HeaderMenu>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-6 py-8">
        {children}
      </main>
    </div>
  );
}
